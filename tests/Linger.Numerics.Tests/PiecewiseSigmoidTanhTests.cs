using System.IO.Compression;
using LingerNet.Numerics;
using Xunit;

namespace LingerNet.Numerics.Tests;

public class PiecewiseSigmoidTanhTests
{
    /// <summary>Rows (x, sigmoid_q7, sigmoid_q15, tanh_q7, tanh_q15) of the chip-simulator golden file.</summary>
    private static List<int[]> ReadGolden()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "venus-sigmoid-tanh.txt.gz");
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var rows = new List<int[]>();
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            rows.Add(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray());
        }
        return rows;
    }

    [Fact]
    public void AllKernels_EveryInt16Input_EqualChipSimulatorGolden()
    {
        var rows = ReadGolden();
        Assert.Equal(65536, rows.Count);
        Assert.Equal(Enumerable.Range(short.MinValue, 65536), rows.Select(r => r[0]));
        var mismatches = new List<string>();
        foreach (var r in rows)
        {
            short x = (short)r[0];
            int[] got = [PiecewiseSigmoidTanh.SigmoidQ7(x), PiecewiseSigmoidTanh.SigmoidQ15(x),
                         PiecewiseSigmoidTanh.TanhQ7(x), PiecewiseSigmoidTanh.TanhQ15(x)];
            for (int c = 0; c < 4; c++)
                if (got[c] != r[c + 1] && mismatches.Count < 20)
                    mismatches.Add($"x={x} column {c + 1}: expected {r[c + 1]}, got {got[c]}");
        }
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(2048, 94)]
    [InlineData(-2048, 34)]
    [InlineData(4096, 113)]
    [InlineData(-4096, 15)]
    [InlineData(8192, 126)]
    [InlineData(10240, 127)]
    [InlineData(32767, 127)]
    public void SigmoidQ7_SpecGoldenValues(int x, int expected)
        => Assert.Equal(expected, PiecewiseSigmoidTanh.SigmoidQ7((short)x));

    [Theory]
    [InlineData(2048, 97)]
    [InlineData(-2048, -97)]
    [InlineData(4096, 123)]
    [InlineData(6144, 127)]
    public void TanhQ7_SpecGoldenValues(int x, int expected)
        => Assert.Equal(expected, PiecewiseSigmoidTanh.TanhQ7((short)x));

    [Theory]
    [InlineData(-32768, -128)]
    [InlineData(-129, -1)]
    [InlineData(-128, 0)]
    [InlineData(127, 0)]
    [InlineData(128, 1)]
    [InlineData(32767, 127)]
    [InlineData(32768, 127)]
    public void Q15ToQ7_RoundsHalfUpAndSaturates(int y15, int expected)
        => Assert.Equal(expected, PiecewiseSigmoidTanh.Q15ToQ7(y15));
}
