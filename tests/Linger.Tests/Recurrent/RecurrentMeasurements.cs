using System.Diagnostics;
using LingerNet.Modules;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>
/// Measurements behind docs/quantization.md "GRU on the chip" (no timed assertions): the two GRU options on a
/// small memory task, and the QAT step time of GRUInt/LSTMInt against float nn.GRU/nn.LSTM. Run with
/// <c>dotnet test tests/Linger.Tests -c Release --filter "FullyQualifiedName~RecurrentMeasurements" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Slow")]
public class RecurrentMeasurements(ITestOutputHelper output)
{
    /// <summary>Front Linear → recurrent layer → last step → Linear head (the last-step select is plain torch: measurement only, not exported).</summary>
    private sealed class MemoryNet : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor> front;
        public nn.Module<Tensor, Tensor?, (Tensor, Tensor)>? gru;
        public nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>? lstm;
        public nn.Module<Tensor, Tensor> head;

        public MemoryNet(bool useLstm, int features, int hidden, int classes) : base("memory")
        {
            front = nn.Linear(features, hidden);
            if (useLstm) lstm = nn.LSTM(hidden, hidden, batchFirst: true);
            else gru = nn.GRU(hidden, hidden, batchFirst: true);
            head = nn.Linear(hidden, classes);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var f = front.call(x);
            var y = gru is not null ? gru.call(f, null).Item1 : lstm!.call(f, null).Item1;
            return head.call(y.select(1, -1));
        }
    }

    private const int Features = 4, Classes = 4, Hidden = 16;

    /// <summary>Class c is shown as a one-hot pulse at step 0, then noise; the label must be remembered over T steps.</summary>
    private static (Tensor X, Tensor Y) Batch(int n, int t, Generator g)
    {
        var y = randint(0, Classes, [n], generator: g);
        var x = randn([n, t, Features], generator: g) * 0.5f;
        x[TensorIndex.Colon, 0, TensorIndex.Colon] = nn.functional.one_hot(y, Classes).to_type(ScalarType.Float32) * 3f;
        return (x, y);
    }

    private static double Accuracy(nn.Module<Tensor, Tensor> m, Tensor x, Tensor y)
    {
        using var _ = no_grad();
        m.eval();
        return m.call(x).argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
    }

    private static void Train(nn.Module<Tensor, Tensor> m, int steps, double lr, int t, Generator g)
    {
        m.train();
        var opt = optim.Adam(m.parameters(), lr);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = Batch(32, t, g);
            var loss = nn.functional.cross_entropy(m.call(x), y);
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
    }

    [Fact]
    public void GruOptions_MemoryTask_AccuracyReported()
    {
        foreach (int t in new[] { 8, 16 })
        foreach (int seed in new[] { 1, 2 })
        {
            var results = new List<string>();
            foreach (var (label, formula, fixedQ) in new (string, GruFormula?, int?)[]
                     {
                         ("float", null, null), ("(ii) linger, q_o = 8", GruFormula.Linger, 8), ("(i) chip, q_o from stats", GruFormula.Chip, null),
                         ("linger at q_o from stats (generic, not the chip)", GruFormula.Linger, null),
                     })
            {
                using var scope = NewDisposeScope();
                random.manual_seed(seed);
                var g = new Generator((ulong)(42 + seed));
                var model = new MemoryNet(false, Features, Hidden, Classes);
                Train(model, 150, 0.01, t, g);
                if (formula is GruFormula f)
                {
                    Linger.Init(model);
                    var gru = (GRUInt)model.gru!;
                    gru.Formula = f;
                    gru.FixedOutputExponent = fixedQ;
                }
                Train(model, 100, 0.002, t, g); // the float baseline gets the same extra steps
                var test = Batch(1000, t, new Generator(7));
                double acc = Accuracy(model, test.X, test.Y);
                string q = model.gru is GRUInt gi ? $" (eval q_o = {gi.OutputExponent()})" : "";
                results.Add($"T={t} seed {seed} {label}: {acc:P1}{q}");
            }
            foreach (var r in results) output.WriteLine(r);
        }
    }

    [Fact]
    public void QatStepTime_GruAndLstm_AgainstFloat()
    {
        const int t = 50, b = 32, size = 64, iterations = 10;
        foreach (bool useLstm in new[] { false, true })
        {
            foreach (bool quantized in new[] { false, true })
            {
                using var scope = NewDisposeScope();
                random.manual_seed(1);
                nn.Module<Tensor, Tensor> model = new MemoryNet(useLstm, size, size, Classes);
                if (quantized)
                {
                    Linger.Init(model);
                    model.train();
                    model.call(randn(b, t, size)); // statistics
                }
                var opt = optim.SGD(model.parameters(), 0.001);
                model.train();
                var x = randn(b, t, size);
                var y = randint(0, Classes, [b]);
                var sw = new Stopwatch();
                for (int i = 0; i < iterations + 2; i++)
                {
                    using var step = NewDisposeScope();
                    if (i == 2) sw.Start();
                    var loss = nn.functional.cross_entropy(model.call(x), y);
                    opt.zero_grad();
                    loss.backward();
                    opt.step();
                }
                sw.Stop();
                output.WriteLine($"{(useLstm ? "LSTM" : "GRU")} {(quantized ? "QAT (GRUInt/LSTMInt)" : "float nn module")}: {sw.Elapsed.TotalMilliseconds / iterations:F1} ms/step (T={t}, B={b}, I=H={size})");
            }
        }
    }
}
