// A user's program: train a tiny CNN quantization-aware for a few steps, export it, run the file in
// the integer runtime and compare with eval() integer for integer. Exit code 0 = bit-exact.
using LingerNet;
using LingerNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

LingerNet.Platform.NativeTuning.Apply();
random.manual_seed(0);
string onnx = Path.GetFullPath(args.Length > 0 ? args[0] : "tiny.onnx");

var model = new TinyNet();
var x = randn(16, 1, 8, 8);
var labels = randint(0, 3, new long[] { 16 });
Linger.Init(model);
var optimizer = optim.Adam(model.parameters(), 1e-3);
model.train();
for (int step = 0; step < 5; step++)
{
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    var loss = nn.functional.cross_entropy(model.call(x), labels);
    loss.backward();
    optimizer.step();
    Console.WriteLine($"step {step}: loss {loss.item<float>():F4}");
}

model.eval();
var sample = x.slice(0, 0, 1, 1);
Linger.Export(model, sample, onnx);
using var runtime = LingerRuntime.Load(onnx);
int equal = 0, total = 0;
for (int i = 0; i < 8; i++)
{
    var xi = x.slice(0, i, i + 1, 1);
    var y = model.call(xi);
    int n = Linger.ScaleOf(y).Exponent;   // eval output x 2^n = the runtime's integers
    long[] evalInts = y.mul(Math.ScaleB(1.0, n)).to_type(ScalarType.Int64).data<long>().ToArray();
    sbyte[] runtimeInts = runtime.Run(xi.data<float>().ToArray()).Outputs[0].Int8!;
    equal += evalInts.Zip(runtimeInts, (a, b) => a == b ? 1 : 0).Sum();
    total += Math.Max(evalInts.Length, runtimeInts.Length);
    Console.WriteLine($"sample {i}: eval {string.Join(" ", evalInts)} | runtime {string.Join(" ", runtimeInts)} (2^{n})");
}
bool same = equal == total && total > 0;
Console.WriteLine(same ? $"BIT-EXACT {equal}/{total}" : $"MISMATCH {equal}/{total}");
return same ? 0 : 1;

internal sealed class TinyNet : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv = nn.Conv2d(1, 4, 3, padding: 1), bn = nn.BatchNorm2d(4), relu = nn.ReLU();
    private readonly nn.Module<Tensor, Tensor> pool = nn.MaxPool2d(2), flatten = nn.Flatten(), fc = nn.Linear(4 * 4 * 4, 3);

    public TinyNet() : base(nameof(TinyNet)) => RegisterComponents();

    public override Tensor forward(Tensor input) => fc.call(flatten.call(pool.call(relu.call(bn.call(conv.call(input))))));
}
