using System.Diagnostics;
using Onnx;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Export;

internal static class ExportTestSupport
{
    /// <summary>Init + a few training batches (statistics) on random data.</summary>
    public static T Trained<T>(T model, int seed = 1) where T : nn.Module<Tensor, Tensor>
    {
        random.manual_seed(seed);
        Linger.Init(model);
        model.train();
        var opt = optim.SGD(model.parameters(), 0.01);
        for (int i = 0; i < 4; i++)
        {
            using var scope = NewDisposeScope();
            var y = model.call(randn(4, 3, 8, 8));
            var loss = y.pow(2).mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        return model;
    }

    public static string TempPath(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "linger-export-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    public static ModelProto Load(string path) => ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

    /// <summary>The graph <c>Linger.Export</c> writes for <paramref name="model"/> on <paramref name="sample"/> (the file is deleted).</summary>
    public static GraphProto ExportedGraph(nn.Module<Tensor, Tensor> model, Tensor sample)
    {
        string path = TempPath("graph.onnx");
        try
        {
            Linger.Export(model, sample, path);
            return Load(path).Graph;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    public static AttributeProto Attr(NodeProto node, string name)
        => node.Attribute.SingleOrDefault(a => a.Name == name) ?? throw new Xunit.Sdk.XunitException($"node {node.Name} ({node.OpType}) lacks attribute {name}");

    /// <summary>Runs python3 with the onnx module (Debian python3-onnx) on <paramref name="script"/>; returns (exit code, output).</summary>
    public static (int Code, string Output) RunPythonOnnx(string script)
    {
        string? python = null;
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            var (code, _) = Run(candidate, "-c \"import onnx\"");
            if (code == 0) { python = candidate; break; }
        }
        if (python is null)
            Assert.Fail("python3 with the onnx module is required for this test: install the Debian package python3-onnx (apt-get install -y python3-onnx).");
        string file = Path.Combine(Path.GetTempPath(), $"linger-onnx-check-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        try { return Run(python!, $"\"{file}\""); }
        finally { File.Delete(file); }
    }

    private static (int, string) Run(string exe, string args)
    {
        try
        {
            var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
