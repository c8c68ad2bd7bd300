// Keyword spotting with Linger.NET in one file, to copy into your own program: log-mel features of one-second
// clips, a depthwise-separable CNN (DS-CNN), two-stage QAT, export to the chip's ONNX dialect, and the C# integer
// runtime that reproduces eval() bit for bit over the whole test set.
// Run: dotnet run --project samples/KeywordSpotting -c Release [FEATURES_DIR] [--gru]
// (FEATURES_DIR from `linger kws-data --out DIR`; default: the bundled data/kws-features; --gru: the recurrent model,
// a Conv1d front end over the mel bins, a GRU over time and a Linear layer on the last step).
using LingerNet;
using LingerNet.Data;
using LingerNet.Runtime;
using LingerNet.Speech;
using LingerNet.Training;
using TorchSharp;
using static TorchSharp.torch;

LingerNet.Platform.NativeTuning.Apply();   // before the first tensor: much faster training on Linux
torch.set_num_threads(1);                  // one libtorch thread: far faster than two on a busy 2-core machine
random.manual_seed(0);

bool gru = args.Contains("--gru");
string[] folders = [.. args.Where(a => a != "--gru")];
string dir = folders.Length > 0 ? folders[0] : KwsDataset.FindBundled()
    ?? throw new LingerException("pass a feature folder from 'linger kws-data' as the first argument");
using var data = KwsDataset.Load(dir);     // features [N, 1, 98, 40] = int8 codes / 32 (what the input Quant sees)
Console.WriteLine($"{data.Train.Count} train, {data.Test.Count} test clips; classes: {string.Join(" ", data.ClassNames)}");
nn.Module<Tensor, Tensor> model = gru ? new ConvGru(data.ClassNames.Count, width: 96) : new DsCnn(data.ClassNames.Count, width: 64);
var sample = data.Test.Slice(0, 1).Images;
Func<Tensor, Tensor> shift = x => KwsTimeShift.Apply(x, 10);   // words may start anywhere: ±100 ms

// Stage 1: fuse Conv+BN, clamp weights and outputs, then train in float.
Linger.Constrain(model, sample);
int epochs = gru ? 30 : 12;   // the GRU learns more slowly but its steps are cheaper
using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 3e-3, BatchSize = 64, CosineEpochs = epochs, Augment = shift }))
    for (int epoch = 0; epoch < epochs; epoch++) Console.WriteLine($"float epoch {epoch + 1}: {trainer.TrainEpoch(data.Train, epoch).TrainAccuracy:P1} train");
Console.WriteLine($"stage 1 float accuracy: {Trainer.Evaluate(model, data.Test):P2}");

// Stage 2: the one line, then fine-tune at a tenth of the rate.
Linger.Init(model);
using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 3e-4, BatchSize = 64, CosineEpochs = 3, Seed = 1, Augment = shift }))
    for (int epoch = 0; epoch < 3; epoch++) trainer.TrainEpoch(data.Train, epoch);
Console.WriteLine($"QAT accuracy:           {Trainer.Evaluate(model, data.Test):P2}");
Linger.SaveCheckpoint(model, "kws-qat.bin");

// Export, then run every test clip in the integer runtime and compare every output integer with eval().
Linger.Export(model, sample, "kws.onnx");
using var runtime = LingerRuntime.Load("kws.onnx");
model.eval();
long equal = 0, total = 0, correct = 0;
using (no_grad())
{
    var y = model.call(data.Test.Images);
    int n = Linger.ScaleOf(y).Exponent;
    long[] evalInts = y.mul(Math.ScaleB(1.0, n)).to_type(ScalarType.Int64).data<long>().ToArray();
    float[] features = data.Test.Images.data<float>().ToArray();
    long[] labels = data.Test.Labels.data<long>().ToArray();
    int k = data.ClassNames.Count, per = KwsFeatures.ValuesPerClip;
    for (int i = 0; i < data.Test.Count; i++)
    {
        sbyte[] ints = runtime.Run(features.AsSpan(i * per, per).ToArray()).Outputs[0].Int8!;
        for (int j = 0; j < k; j++) if (ints[j] == evalInts[i * k + j]) equal++;
        total += k;
        if (Array.IndexOf(ints, ints.Max()) == labels[i]) correct++;
    }
}
Console.WriteLine($"runtime accuracy:       {(double)correct / data.Test.Count:P2}; {equal} of {total} output integers equal eval()");
Console.WriteLine(equal == total ? "bit-exact" : "MISMATCH");

/// <summary>DS-CNN for [B, 1, 98, 40] log-mel features; fields typed Module&lt;Tensor, Tensor&gt; so Init can replace them.</summary>
internal sealed class DsCnn : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1, bn1, relu1, blocks, pool, flatten, fc;

    public DsCnn(int classes, int width) : base(nameof(DsCnn))
    {
        conv1 = nn.Conv2d(1, width, (5, 3), (4, 2), (2, 1), bias: false);   // 98×40 → 25×20 (venus kernels ≤ 5)
        bn1 = nn.BatchNorm2d(width);
        relu1 = nn.ReLU();
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long[] strides = [1, 2, 1, 2];                                       // 25×20 → 13×10 → 7×5
        for (int b = 0; b < strides.Length; b++)
        {
            long s = strides[b];
            layers.Add(($"dw{b + 1}", nn.Conv2d(width, width, (3, 3), (s, s), (1, 1), groups: width, bias: false)));  // depthwise
            layers.Add(($"dw{b + 1}_bn", nn.BatchNorm2d(width)));
            layers.Add(($"dw{b + 1}_relu", nn.ReLU()));
            layers.Add(($"pw{b + 1}", nn.Conv2d(width, width, 1, bias: false)));                                       // pointwise
            layers.Add(($"pw{b + 1}_bn", nn.BatchNorm2d(width)));
            layers.Add(($"pw{b + 1}_relu", nn.ReLU()));
        }
        blocks = nn.Sequential(layers);
        pool = nn.AvgPool2d((7, 5));   // global average over 35 positions (venus pools non-power-of-two areas < 128 correctly)
        flatten = nn.Flatten();
        fc = nn.Linear(width, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
        => fc.call(flatten.call(pool.call(blocks.call(relu1.call(bn1.call(conv1.call(x)))))));
}

/// <summary>
/// Conv1d over the 40 mel bins as channels (98 frames → 25 steps), GRU over time, Linear on the last step. The GRU field
/// has TorchSharp's GRU base type so Constrain and Init can replace it; venus runs this GRU at output exponent 8, so
/// its hidden state is clamped at ±127/256 already in the float stage (Linger.ConstrainModule, before Constrain).
/// </summary>
internal sealed class ConvGru : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> squeeze = Linger.Nn.Squeeze(1), toChannels = Linger.Nn.Transpose(1, 2, "to_channels");
    private readonly nn.Module<Tensor, Tensor> conv, bn, relu = nn.ReLU(), toTime = Linger.Nn.Transpose(1, 2, "to_time");
    private readonly nn.Module<Tensor, Tensor?, (Tensor, Tensor)> gru;
    private readonly nn.Module<Tensor, Tensor> last = Linger.Nn.Select(1, -1, "last_step"), fc;

    public ConvGru(int classes, int width) : base(nameof(ConvGru))
    {
        conv = nn.Conv1d(40, width, 5, stride: 4, padding: 2, bias: false);
        bn = nn.BatchNorm1d(width);
        gru = nn.GRU(width, width, batchFirst: true);
        fc = nn.Linear(width, classes);
        RegisterComponents();
        Linger.ConstrainModule(gru, weight: 8.0, bias: null, output: 127.0 / 256);
    }

    public override Tensor forward(Tensor x)
    {
        var h = relu.call(bn.call(conv.call(toChannels.call(squeeze.call(x)))));
        return fc.call(last.call(gru.call(toTime.call(h), null).Item1));
    }
}
