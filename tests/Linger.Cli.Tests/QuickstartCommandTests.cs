using System.Text.Json;
using Xunit;

namespace LingerNet.Cli.Tests;

public class QuickstartCommandTests
{
    [Fact]
    public void Quickstart_MissingDataDir_Exit2NamesDirNoStackTrace()
    {
        var dir = Path.Combine(Path.GetTempPath(), "linger-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var (code, output) = CliRunner.Run("quickstart", "--data", dir, "--out", Path.Combine(Path.GetTempPath(), "unused"));
        Assert.Equal(2, code);
        Assert.Contains(dir, output);
        Assert.Contains("error:", output);
        Assert.DoesNotContain(" at LingerNet", output);
    }

    [Fact]
    public void Quickstart_DataDirWithCorruptFile_Exit2NamesFile()
    {
        var dir = Directory.CreateTempSubdirectory("linger-corrupt-").FullName;
        try
        {
            foreach (var f in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
                File.WriteAllBytes(Path.Combine(dir, f + ".gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3]);
            var (code, output) = CliRunner.Run("quickstart", "--data", dir, "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, code);
            Assert.Contains("train-images-idx3-ubyte.gz", output);
            Assert.Contains("gzip", output);
            Assert.DoesNotContain(" at LingerNet", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Quickstart_BundledSubsetOneEpoch_WritesReport()
    {
        var outDir = Directory.CreateTempSubdirectory("linger-qs-").FullName;
        try
        {
            var (code, output) = CliRunner.Run("quickstart", "--epochs", "1", "--qat-epochs", "1", "--out", outDir, "--seed", "3");
            Assert.True(code == 0, output);
            Assert.Contains("float accuracy", output);
            var report = Path.Combine(outDir, "report.json");
            Assert.True(File.Exists(report));
            using var json = JsonDocument.Parse(File.ReadAllText(report));
            var root = json.RootElement;
            double f = root.GetProperty("float_accuracy").GetDouble();
            double q = root.GetProperty("qat_accuracy").GetDouble();
            Assert.InRange(f, 0.2, 1.0); // chance is 0.1
            Assert.InRange(q, 0.2, 1.0);
            Assert.True(root.GetProperty("train_seconds").GetDouble() > 0);
            Assert.Equal("bundled subset", root.GetProperty("dataset").GetString());
            Assert.Equal(1000, root.GetProperty("test_samples").GetInt32());
            Assert.Equal(6000, root.GetProperty("train_samples").GetInt32());
            Assert.Equal(1, root.GetProperty("epochs").GetInt32());
            Assert.Equal(1, root.GetProperty("qat_epochs").GetInt32());
            Assert.Equal(3, root.GetProperty("seed").GetInt32());
            Assert.True(File.Exists(Path.Combine(outDir, "float.model")));
            Assert.True(File.Exists(Path.Combine(outDir, "qat.model")));
            var reference = Path.Combine(outDir, "reference");
            Assert.Equal(16, Directory.GetFiles(reference, "output_*.txt").Length);
            var (verifyCode, verifyOutput) = CliRunner.Run("verify", Path.Combine(outDir, "quickstart.onnx"), "--reference", reference);
            Assert.True(verifyCode == 0, verifyOutput);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
