using System.Globalization;

namespace LingerNet.Cli.Verification;

/// <summary>The counts of a <c>linger verify</c> run and the first few mismatches.</summary>
internal sealed class VerifyReport(string mode)
{
    /// <summary>How many mismatches are kept for display.</summary>
    public const int MaxListed = 10;

    public string Mode { get; } = mode;
    public int Samples { get; set; }
    public long Elements { get; private set; }
    public long Equal { get; private set; }
    public List<Mismatch> FirstMismatches { get; } = [];
    public long Different => Elements - Equal;

    /// <summary>Compares two equally long integer arrays element by element.</summary>
    public void Compare(int sample, string output, IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        for (int i = 0; i < expected.Count; i++)
        {
            Elements++;
            if (expected[i] == actual[i]) Equal++;
            else Note(new Mismatch(sample, output, i, expected[i].ToString(CultureInfo.InvariantCulture), actual[i].ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Compares two equally long float arrays bit for bit.</summary>
    public void Compare(int sample, string output, IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        for (int i = 0; i < expected.Count; i++)
        {
            Elements++;
            if (BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])) Equal++;
            else Note(new Mismatch(sample, output, i, expected[i].ToString("R", CultureInfo.InvariantCulture), actual[i].ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    private void Note(Mismatch m)
    {
        if (FirstMismatches.Count < MaxListed) FirstMismatches.Add(m);
    }
}
