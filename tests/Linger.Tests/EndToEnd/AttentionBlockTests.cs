using CsCheck;
using LingerNet.Quantization;
using LingerNet.Runtime;
using LingerNet.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.EndToEnd;

/// <summary>
/// The whole-model test of the attention family (issue 7): a small attention-style block — LayerNorm, Linear
/// projections, a batched matrix product mixing the tokens, a residual add, a second LayerNorm and a head —
/// trained a few steps, exported for venus, run in the runtime and compared with eval over several batches.
/// The mixing weights come from a Linear over the features (a dense "synthesizer" attention): there is no
/// quantized transpose for q·kᵀ yet, and softmax is another op's work.
/// </summary>
public class AttentionBlockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linger-attn").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const int Tokens = 6, Features = 16, Classes = 4;

    internal sealed class AttentionBlock : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> norm1 = nn.LayerNorm(new long[] { Features });
        public nn.Module<Tensor, Tensor> mix = nn.Linear(Features, Tokens);      // token-mixing weights [B, S, S]
        public nn.Module<Tensor, Tensor> value = nn.Linear(Features, Features);  // values [B, S, D]
        public nn.Module<Tensor, Tensor, Tensor> attend;
        public nn.Module<Tensor, Tensor> proj = nn.Linear(Features, Features);
        public nn.Module<Tensor, Tensor, Tensor> residual = Linger.Nn.Add("residual");
        public nn.Module<Tensor, Tensor> norm2 = nn.LayerNorm(new long[] { Tokens, Features }); // the last two dims
        public nn.Module<Tensor, Tensor> head = nn.Linear(Features, Classes);

        public AttentionBlock(bool useMatMul) : base("attention")
        {
            attend = useMatMul ? Linger.Nn.MatMul("attend") : Linger.Nn.Bmm("attend");
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var h = norm1.call(x);
            var context = attend.call(mix.call(h), value.call(h));
            var y = residual.call(x, proj.call(context));
            return head.call(norm2.call(y));
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void AttentionBlock_TrainExportRun_BitExactOverBatches()
        => Gen.Select(Gen.Int[0, 100_000], Gen.Bool, Gen.OneOf(0.5f, 2f, 6f)).Sample((seed, useMatMul, range) =>
        {
            using var scope = NewDisposeScope();
            random.manual_seed(seed);
            var model = Linger.Init(new AttentionBlock(useMatMul));
            var target = randn(Classes, Features);
            var optimizer = optim.Adam(model.parameters(), 1e-2);
            model.train();
            float first = 0, last = 0;
            for (int step = 0; step < 30; step++)
            {
                using var stepScope = NewDisposeScope();
                var x = randn(8, Tokens, Features) * range;
                var loss = nn.functional.mse_loss(model.call(x), x.matmul(target.t()).tanh());
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                if (step == 0) first = loss.item<float>();
                last = loss.item<float>();
            }
            Assert.True(last < first, $"training did not reduce the loss ({first} → {last})");

            model.eval();
            var sample = randn(4, Tokens, Features) * range;
            string path = Path.Combine(_dir, $"attn{seed}.onnx");
            Linger.Export(model, sample, path);
            using var rt = LingerRuntime.Load(path);
            var ops = rt.Nodes.Select(n => n.OpType).ToHashSet();
            Assert.Contains("LayerNormInt", ops);
            Assert.Contains("BmmInt", ops);
            Assert.Contains("iqAdd", ops);
            for (int b = 0; b < 5; b++)
            {
                var x = b == 0 ? sample : randn(4, Tokens, Features) * range;
                var y = model.call(x);
                var tag = QuantTags.Get(y)!;
                var result = rt.Run(TensorData.Floats(x)).Outputs[0];
                Assert.Equal(tag.Scale, result.Scale);
                Assert.Equal(TensorData.Integers(y, tag.Scale.Exponent), result.Int8!.Select(v => (long)v).ToArray());
            }
        }, iter: 3, threads: 1);
}
