// The whole Linger.NET journey in one file, to copy into your own program:
// a plain TorchSharp model, two-stage QAT, export to the chip's ONNX dialect, and the C# integer
// runtime that reproduces eval() bit for bit. Run: dotnet run --project samples/TwoStageQat [DATA_DIR]
using LingerNet;
using LingerNet.Data;
using LingerNet.Runtime;
using LingerNet.Training;
using TorchSharp;
using static TorchSharp.torch;

LingerNet.Platform.NativeTuning.Apply();   // before the first tensor: much faster training on Linux
random.manual_seed(0);

string dataDir = args.Length > 0 ? args[0] : FashionMnist.FindBundledSubset()
    ?? throw new LingerException("pass the Fashion-MNIST folder as the first argument");
using var data = FashionMnist.Load(dataDir);
var model = new SmallNet();
var sample = data.Test.Slice(0, 1).Images;

// Stage 1: fuse Conv+BN, clamp weights and outputs, then train in float.
Linger.Constrain(model, sample);
using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 2e-3, CosineEpochs = 2 }))
    for (int epoch = 0; epoch < 2; epoch++) trainer.TrainEpoch(data.Train, epoch);
Console.WriteLine($"stage 1 float accuracy: {Trainer.Evaluate(model, data.Test):P2}");

// Stage 2: the one line, then fine-tune at a tenth of the rate (a new optimizer: Init folded Conv+BN).
Linger.Init(model);
using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 2e-4, CosineEpochs = 1, Seed = 1 }))
    trainer.TrainEpoch(data.Train, 0);
Console.WriteLine($"QAT accuracy:           {Trainer.Evaluate(model, data.Test):P2}");
Linger.SaveCheckpoint(model, "qat.bin");

// Export and run the file in the integer runtime: same integers as eval().
Linger.Export(model, sample, "small.onnx");
using var runtime = LingerRuntime.Load("small.onnx");
model.eval();
var evalOut = model.call(sample);
int n = Linger.ScaleOf(evalOut).Exponent;
long[] evalInts = evalOut.mul(Math.ScaleB(1.0, n)).to_type(ScalarType.Int64).data<long>().ToArray();
sbyte[] runtimeInts = runtime.Run(sample.data<float>().ToArray()).Outputs[0].Int8!;
Console.WriteLine($"eval  : {string.Join(" ", evalInts)}");
Console.WriteLine($"engine: {string.Join(" ", runtimeInts)}");
Console.WriteLine(evalInts.SequenceEqual(runtimeInts.Select(v => (long)v)) ? "bit-exact" : "MISMATCH");

/// <summary>Layers are fields typed Module&lt;Tensor, Tensor&gt; so Init can replace them (TorchSharp's are sealed).</summary>
internal sealed class SmallNet : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1 = nn.Conv2d(1, 16, 3, padding: 1), bn1 = nn.BatchNorm2d(16), relu1 = nn.ReLU();
    private readonly nn.Module<Tensor, Tensor> pool1 = nn.MaxPool2d(2);
    private readonly nn.Module<Tensor, Tensor> conv2 = nn.Conv2d(16, 16, 3, padding: 1), bn2 = nn.BatchNorm2d(16);
    private readonly nn.Module<Tensor, Tensor, Tensor> add = Linger.Nn.Add();   // instead of a + b
    private readonly nn.Module<Tensor, Tensor> relu2 = nn.ReLU(), pool2 = nn.MaxPool2d(2), flatten = nn.Flatten();
    private readonly nn.Module<Tensor, Tensor> fc = nn.Linear(16 * 7 * 7, 10);

    public SmallNet() : base(nameof(SmallNet)) => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        var a = pool1.call(relu1.call(bn1.call(conv1.call(x))));
        var b = add.call(a, bn2.call(conv2.call(a)));
        return fc.call(flatten.call(pool2.call(relu2.call(b))));
    }
}
