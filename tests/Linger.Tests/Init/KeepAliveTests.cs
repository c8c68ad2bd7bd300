using LingerNet.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Init;

/// <summary>
/// A replaced float module shares its tensors with its replacement; its finalizer would dispose them.
/// Export swaps watchers in and out of the quantized model: that must not release the float module.
/// </summary>
public class KeepAliveTests
{
    [Fact]
    public void ExportThenGc_QuantizedParametersStayValid()
    {
        var model = Linger.Init(new Wrapper(nn.Linear(4, 3)));
        model.train();
        for (int i = 0; i < 3; i++) model.call(randn(2, 4));
        Linger.Export(model, randn(1, 4), Export.ExportTestSupport.TempPath("m.onnx"));
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        model.eval();
        var y = model.call(randn(1, 4));   // "Tensor invalid -- empty handle" if the float Linear was finalized
        Assert.Equal(new long[] { 1, 3 }, y.shape);
        Assert.All(model.parameters(), p => Assert.False(p.IsInvalid));
    }
}
