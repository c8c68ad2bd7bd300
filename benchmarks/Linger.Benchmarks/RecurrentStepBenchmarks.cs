using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Benchmarks;

/// <summary>
/// One SGD training step of a one-layer recurrent net (T = 50, batch 32, input = hidden = 64, last step →
/// Linear → cross-entropy): float <c>nn.GRU</c>/<c>nn.LSTM</c> (the baselines) against the stage-1
/// <c>ConstrainedGRU</c>/<c>ConstrainedLSTM</c> of <c>Linger.Constrain</c> and the QAT <c>GRUInt</c>/<c>LSTMInt</c>
/// that <c>Linger.Init</c> puts in their place, on one TorchSharp thread. Ratios are per cell type (each float step is its group's baseline).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RecurrentStepBenchmarks
{
    private const int T = 50, B = 32, I = 64, H = 64, Classes = 10;

    /// <summary>Recurrent layer → last step → Linear; fields typed as Init needs them.</summary>
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        public nn.Module<Tensor, Tensor?, (Tensor, Tensor)>? gru;
        public nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>? lstm;
        public nn.Module<Tensor, Tensor> head = nn.Linear(H, Classes);

        public Net(bool useLstm) : base("rnn")
        {
            if (useLstm) lstm = nn.LSTM(I, H, batchFirst: true);
            else gru = nn.GRU(I, H, batchFirst: true);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var y = gru is not null ? gru.call(x, null).Item1 : lstm!.call(x, null).Item1;
            return head.call(y[.., -1, ..]);
        }
    }

    private Net _gru = null!, _gruStage1 = null!, _gruQat = null!, _lstm = null!, _lstmStage1 = null!, _lstmQat = null!;
    private optim.Optimizer _o1 = null!, _o2 = null!, _o3 = null!, _o4 = null!, _o5 = null!, _o6 = null!;
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        random.manual_seed(0);
        _gru = new Net(false);
        _gruQat = Linger.Init(new Net(false));
        _lstm = new Net(true);
        _lstmQat = Linger.Init(new Net(true));
        _x = randn(B, T, I);
        _gruStage1 = Linger.Constrain(new Net(false), _x);
        _lstmStage1 = Linger.Constrain(new Net(true), _x);
        (_o1, _o2, _o3, _o4, _o5, _o6) = (Opt(_gru), Opt(_gruQat), Opt(_lstm), Opt(_lstmQat), Opt(_gruStage1), Opt(_lstmStage1));
        _y = randint(0, Classes, B, dtype: ScalarType.Int64);
    }

    private static optim.Optimizer Opt(Net n)
    {
        n.train();
        return optim.SGD(n.parameters(), 0.001);
    }

    private float Step(Net model, optim.Optimizer opt) => TrainingStep.Run(model, opt, _x, _y);

    [Benchmark(Baseline = true), BenchmarkCategory("GRU")]
    public float GruFloatStep() => Step(_gru, _o1);

    [Benchmark, BenchmarkCategory("GRU")]
    public float GruStage1Step() => Step(_gruStage1, _o5);

    [Benchmark, BenchmarkCategory("GRU")]
    public float GruQatStep() => Step(_gruQat, _o2);

    [Benchmark(Baseline = true), BenchmarkCategory("LSTM")]
    public float LstmFloatStep() => Step(_lstm, _o3);

    [Benchmark, BenchmarkCategory("LSTM")]
    public float LstmStage1Step() => Step(_lstmStage1, _o6);

    [Benchmark, BenchmarkCategory("LSTM")]
    public float LstmQatStep() => Step(_lstmQat, _o4);
}
