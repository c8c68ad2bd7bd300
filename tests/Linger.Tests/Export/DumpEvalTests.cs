using LingerNet.Runtime;
using LingerNet.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Export;

/// <summary>Linger.DumpEval writes the eval side's tensors under the runtime's names, in the runtime's dump format.</summary>
public class DumpEvalTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DumpEval_SameFilesAndValuesAsTheRuntimeDump(bool branches)
    {
        nn.Module<Tensor, Tensor> model = branches ? ExportTestSupport.Trained(new BranchNet()) : ExportTestSupport.Trained(new SeqNet());
        var x = randn(1, 3, 8, 8);
        string path = ExportTestSupport.TempPath("m.onnx");
        string evalDir = Path.Combine(Path.GetDirectoryName(path)!, "eval"), rtDir = Path.Combine(Path.GetDirectoryName(path)!, "runtime");
        Linger.Export(model, x, path);
        Linger.DumpEval(model, x, evalDir);
        using var rt = LingerRuntime.Load(path);
        rt.Run(TensorData.Floats(x), new RunOptions { Dump = true }).WriteDump(rtDir);

        var evalFiles = Directory.GetFiles(evalDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var rtFiles = Directory.GetFiles(rtDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(rtFiles, evalFiles);
        Assert.True(rtFiles.Count >= 5);
        foreach (var f in rtFiles)
            Assert.True(File.ReadAllText(Path.Combine(rtDir, f!)) == File.ReadAllText(Path.Combine(evalDir, f!)), $"{f} differs between eval and runtime");
    }
}
