using System.Text.Json;
using Xunit;

namespace LingerNet.Cli.Tests;

public class PlanCommandTests
{
    [Fact]
    public void Plan_QuickstartModel_FitsVenusWithMacs()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("q.onnx");
        ExportedModels.Quickstart(model, width: 16);
        var png = tmp.File("plan.png");
        var (code, output) = CliRunner.Run("plan", model, "--json", "--png", png);
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("fits").GetBoolean());
        Assert.StartsWith("fits venus", root.GetProperty("verdict").GetString());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        // conv1: 16 output channels × 28 × 28 × (1 input channel × 3 × 3).
        var conv1 = steps.First(s => s.GetProperty("op").GetString() == "Conv2dInt");
        Assert.Equal(16L * 28 * 28 * 9, conv1.GetProperty("macs").GetInt64());
        // fc: 10 outputs × 32·7·7 inputs.
        var fc = steps.Single(s => s.GetProperty("op").GetString() == "LinearInt");
        Assert.Equal(10L * 32 * 7 * 7, fc.GetProperty("macs").GetInt64());
        // Quant and Dequant at the graph boundary are removed like tpacker does; Relu after a conv is fused.
        Assert.DoesNotContain(steps, s => s.GetProperty("op").GetString() is "Quant" or "Dequant");
        var sram = root.GetProperty("memories").EnumerateArray().Single(m => m.GetProperty("memory").GetString() == "SRAM");
        Assert.InRange(sram.GetProperty("total").GetInt64(), 1, 655_360);
        Assert.True(sram.GetProperty("pool").GetInt64() >= sram.GetProperty("peak_live").GetInt64());
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4));
    }

    [Fact]
    public void Plan_ActivationsTooBigForSram_Exit1NamesTensor()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("big.onnx");
        // 8 × 224 × 224 int8 = 401,408 bytes: under the 640 KB share threshold, so both stay in SRAM; together 802,816 > 655,360.
        File.WriteAllBytes(model, TestModels.BigConv(8, 224));
        var (code, output) = CliRunner.Run("plan", model);
        Assert.True(code == 1, output);
        Assert.Contains("does NOT fit venus", output);
        Assert.Matches(@"SRAM does not fit by [0-9,]+ bytes at tensor 'big_conv' \(step 0, node 'big'", output);

        // The same model fits when the SRAM is made large enough.
        var (code2, output2) = CliRunner.Run("plan", model, "--sram", "2000000");
        Assert.True(code2 == 0, output2);
    }

    [Fact]
    public void Plan_HugeActivation_GoesToPsram()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("huge.onnx");
        // 16 × 256 × 256 = 1 MiB per tensor: over the share threshold, so both go to PSRAM and SRAM holds only DMA buffers.
        File.WriteAllBytes(model, TestModels.BigConv(16, 256));
        var (code, output) = CliRunner.Run("plan", model, "--json");
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        var tensors = json.RootElement.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal("PSRAM", tensors.Single(t => t.GetProperty("name").GetString() == "big_conv").GetProperty("memory").GetString());
        var input = tensors.Single(t => t.GetProperty("name").GetString() == "image_q");
        Assert.Equal("PSRAM", input.GetProperty("memory").GetString());
        Assert.Contains("image", input.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2 * 1024 * 1024, json.RootElement.GetProperty("memories").EnumerateArray()
            .Single(m => m.GetProperty("memory").GetString() == "PSRAM").GetProperty("peak_live").GetInt64());
    }

    [Fact]
    public void Plan_UnknownChipOrBadOption_Exit2()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        Assert.Equal(2, CliRunner.Run("plan", model, "--chip", "mars").ExitCode);
        Assert.Equal(2, CliRunner.Run("plan", model, "--sram", "lots").ExitCode);
        Assert.Equal(2, CliRunner.Run("plan", model, "--params", "disk").ExitCode);
        Assert.Equal(2, CliRunner.Run("plan", tmp.File("none.onnx")).ExitCode);
    }
}
