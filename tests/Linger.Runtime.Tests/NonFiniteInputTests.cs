using Xunit;

namespace LingerNet.Runtime.Tests;

/// <summary>NaN and ±Infinity in float inputs: what the leading Quant does by default, and RunOptions.RejectNonFinite.</summary>
public class NonFiniteInputTests
{
    private static (LingerRuntime Runtime, float[] Input) Example()
    {
        var rt = EndToEndTests.WorkedExample(new Random(11)).Load();
        var input = new float[3 * 8 * 8];
        var r = new Random(2);
        for (int i = 0; i < input.Length; i++) input[i] = (float)(r.NextDouble() * 2 - 1);
        return (rt, input);
    }

    [Fact]
    public void Run_NaNAndInfinityInputs_QuantizeToZeroAndSaturationByDefault()
    {
        var (rt, input) = Example();
        input[0] = float.NaN;
        input[1] = float.PositiveInfinity;
        input[2] = float.NegativeInfinity;
        var dump = rt.Run(input, new RunOptions { Dump = true }).Dump!;
        var quantized = dump.First(t => t.Name == "t0").AsInt8();   // the leading Quant's output (scale 2^5)
        Assert.Equal(0, quantized[0]);
        Assert.Equal(127, quantized[1]);
        Assert.Equal(-128, quantized[2]);
    }

    [Fact]
    public void Run_RejectNonFinite_NaNInput_ThrowsNamingInputAndElement()
    {
        var (rt, input) = Example();
        input[7] = float.NaN;
        input[9] = float.NegativeInfinity;
        var e = Assert.Throws<LingerException>(() => rt.Run(input, new RunOptions { RejectNonFinite = true }));
        Assert.Contains("test.onnx", e.Message);
        Assert.Contains("input 'input' element 7 is NaN", e.Message);
        Assert.Contains("2 non-finite values", e.Message);
    }

    [Fact]
    public void Run_RejectNonFinite_InfinityInput_Throws()
    {
        var (rt, input) = Example();
        input[^1] = float.PositiveInfinity;
        var e = Assert.Throws<LingerException>(() => rt.Run(input, new RunOptions { RejectNonFinite = true }));
        Assert.Contains($"element {input.Length - 1} is Infinity", e.Message);
    }

    [Fact]
    public void Run_RejectNonFinite_FiniteInput_SameOutputsAsDefault()
    {
        var (rt, input) = Example();
        var plain = rt.Run(input).Outputs[0].Int8!;
        var strict = rt.Run(input, new RunOptions { RejectNonFinite = true }).Outputs[0].Int8!;
        Assert.Equal(plain, strict);
    }

    [Fact]
    public void Run_RejectNonFinite_Int8Input_IsNotChecked()
    {
        var (rt, _) = Example();
        var ints = new sbyte[3 * 8 * 8];
        Assert.NotEmpty(rt.Run(ints, new RunOptions { RejectNonFinite = true }).Outputs);
    }
}
