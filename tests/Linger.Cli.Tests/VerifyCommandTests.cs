using Xunit;

namespace LingerNet.Cli.Tests;

public class VerifyCommandTests
{
    private static (TempFolder Tmp, string Model, string Reference) Setup(int samples = 4)
    {
        var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var reference = tmp.File("reference");
        TestModels.WriteReference(model, reference, samples);
        return (tmp, model, reference);
    }

    [Fact]
    public void Verify_CorrectReference_Exit0AllEqual()
    {
        var (tmp, model, reference) = Setup();
        using var _ = tmp;
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.True(code == 0, output);
        Assert.Contains("bit-exact", output);
        Assert.Matches(@"samples\s*│\s*4\s", output);
        Assert.Matches(@"elements compared\s*│\s*40\s", output);
    }

    [Fact]
    public void Verify_AlteredReference_Exit1ListsMismatch()
    {
        var (tmp, model, reference) = Setup();
        using var _ = tmp;
        var path = Path.Combine(reference, "output_2.txt");
        var lines = File.ReadAllLines(path);
        int original = int.Parse(lines[3]);
        int altered = original == 127 ? 126 : original + 1;
        lines[3] = altered.ToString();
        File.WriteAllLines(path, lines);
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.Equal(1, code);
        Assert.Contains("MISMATCH", output);
        Assert.Matches(@"different\s*│\s*1\s", output);
        Assert.Matches($@"│\s*2\s*│\s*output\s*│\s*3\s*│\s*{altered}\s*│\s*{original}\s*│", output);
        Assert.Contains("linger diff", output);
    }

    [Fact]
    public void Verify_CountAndSeparateInputs_UsesFirstSamples()
    {
        var (tmp, model, reference) = Setup();
        using var _ = tmp;
        var outputsOnly = tmp.File("expected");
        Directory.CreateDirectory(outputsOnly);
        foreach (var f in Directory.GetFiles(reference, "output_*.txt")) File.Copy(f, Path.Combine(outputsOnly, Path.GetFileName(f)));
        var (code, output) = CliRunner.Run("verify", model, "--reference", outputsOnly, "--inputs", reference, "--count", "2");
        Assert.True(code == 0, output);
        Assert.Matches(@"samples\s*│\s*2\s", output);
    }

    [Fact]
    public void Verify_Int8Inputs_SkipQuantAndMatch()
    {
        var (tmp, model, reference) = Setup(samples: 1);
        using var _ = tmp;
        var dump = tmp.File("dump");
        Assert.Equal(0, CliRunner.Run("verify", model, "--reference", reference, "--dump", dump).ExitCode);
        // The quantized input from the dump, fed as input_0.int8.txt, gives the same outputs.
        var q = File.ReadAllLines(Path.Combine(dump, "t0##_1_3_8_8.txt"));
        File.Delete(Path.Combine(reference, "input_0.txt"));
        File.WriteAllLines(Path.Combine(reference, "input_0.int8.txt"), q);
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Verify_Dump_WritesEveryTensorOfFirstSample()
    {
        var (tmp, model, reference) = Setup(samples: 2);
        using var _ = tmp;
        var dump = tmp.File("dump");
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference, "--dump", dump);
        Assert.True(code == 0, output);
        var files = Directory.GetFiles(dump).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "input##_1_3_8_8.txt", "order.txt", "output##_1_10.txt", "t0##_1_3_8_8.txt", "t1##_1_8_8_8.txt", "t2##_1_8_8_8.txt", "t3##_1_512.txt", "t4##_1_10.txt" }, files);
        // The index lists the tensor files in execution order.
        Assert.Equal(new[] { "input##_1_3_8_8.txt", "t0##_1_3_8_8.txt", "t1##_1_8_8_8.txt", "t2##_1_8_8_8.txt", "t3##_1_512.txt", "t4##_1_10.txt", "output##_1_10.txt" },
            File.ReadAllLines(Path.Combine(dump, "order.txt")));
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "output_0.txt")), File.ReadAllLines(Path.Combine(dump, "t4##_1_10.txt")));
    }

    [Fact]
    public void Verify_NoReference_SelfConsistencyOnRandomInputs_Exit0()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var (code, output) = CliRunner.Run("verify", model, "--count", "5", "--seed", "3");
        Assert.True(code == 0, output);
        Assert.Contains("self-consistency", output);
        Assert.Matches(@"samples\s*│\s*5\s", output);
        Assert.Matches(@"elements compared\s*│\s*50\s", output);
    }

    [Fact]
    public void Verify_BadModelFile_Exit2NamesFile()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("broken.onnx");
        File.WriteAllBytes(model, [1, 2, 3, 4, 5]);
        var (code, output) = CliRunner.Run("verify", model);
        Assert.Equal(2, code);
        Assert.Contains("broken.onnx", output);
        Assert.DoesNotContain(" at LingerNet", output);
    }

    [Fact]
    public void Verify_MissingReferenceDirectory_Exit2()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var missing = tmp.File("nowhere");
        var (code, output) = CliRunner.Run("verify", model, "--reference", missing);
        Assert.Equal(2, code);
        Assert.Contains("nowhere", output);
    }

    [Fact]
    public void Verify_MalformedReferenceValue_Exit2NamesFileAndLine()
    {
        var (tmp, model, reference) = Setup(samples: 1);
        using var _ = tmp;
        var path = Path.Combine(reference, "output_0.txt");
        var lines = File.ReadAllLines(path);
        lines[4] = "abc";
        File.WriteAllLines(path, lines);
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.Equal(2, code);
        Assert.Contains("output_0.txt:5", output);
    }

    [Fact]
    public void Verify_WrongInputLength_Exit2NamesFile()
    {
        var (tmp, model, reference) = Setup(samples: 1);
        using var _ = tmp;
        File.WriteAllLines(Path.Combine(reference, "input_0.txt"), ["0.5", "1"]);
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.Equal(2, code);
        Assert.Contains("input_0.txt", output);
        Assert.Contains("192", output);
    }

    [Fact]
    public void Verify_ManySamplesInParallel_ReportsMismatchesAndBadFilesInSampleOrder()
    {
        var (tmp, model, reference) = Setup(samples: 120);
        using var _ = tmp;
        foreach (int k in new[] { 97, 31 })
        {
            var path = Path.Combine(reference, $"output_{k}.txt");
            var lines = File.ReadAllLines(path);
            lines[k % 10] = (int.Parse(lines[k % 10]) == 127 ? 126 : int.Parse(lines[k % 10]) + 1).ToString();
            File.WriteAllLines(path, lines);
        }
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.Equal(1, code);
        Assert.Matches(@"samples\s*│\s*120\s", output);
        Assert.Matches(@"different\s*│\s*2\s", output);
        var first = System.Text.RegularExpressions.Regex.Match(output, @"│\s*31\s*│\s*output");
        var second = System.Text.RegularExpressions.Regex.Match(output, @"│\s*97\s*│\s*output");
        Assert.True(first.Success && second.Success && first.Index < second.Index, output);

        // Two malformed files: the one of the earlier sample is named, as a sequential run would.
        File.WriteAllText(Path.Combine(reference, "output_88.txt"), "x\n");
        File.WriteAllText(Path.Combine(reference, "output_12.txt"), "1\n2\ny\n");
        (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.Equal(2, code);
        Assert.Contains("output_12.txt:3", output);
        Assert.DoesNotContain("output_88.txt", output);
    }

    [Fact]
    public void Verify_CrlfAndByteOrderMark_ParsedLikePlainLines()
    {
        var (tmp, model, reference) = Setup(samples: 2);
        using var _ = tmp;
        foreach (var name in new[] { "input_1.txt", "output_1.txt" })
        {
            var path = Path.Combine(reference, name);
            File.WriteAllText(path, "\uFEFF" + string.Join("\r\n", File.ReadAllLines(path)) + "\r\n\r\n", new System.Text.UTF8Encoding(false));
        }
        var (code, output) = CliRunner.Run("verify", model, "--reference", reference);
        Assert.True(code == 0, output);
        Assert.Matches(@"samples\s*│\s*2\s", output);
    }
}
