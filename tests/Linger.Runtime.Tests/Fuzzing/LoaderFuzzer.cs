using System.Diagnostics;

namespace LingerNet.Runtime.Tests.Fuzzing;

/// <summary>
/// Feeds mutated models to LingerRuntime.Load(bytes) and runs what loads.
/// A case fails when anything other than a <see cref="LingerException"/> escapes, or when it allocates
/// more than <see cref="MaxBytesPerCase"/> (a file that declares a huge tensor must be refused before
/// the allocation). Every case is reproducible from (seed, index).
/// </summary>
internal static class LoaderFuzzer
{
    /// <summary>Allocation budget of one case (load + run); the corpus models need well under 1 MB.</summary>
    public const long MaxBytesPerCase = 64L << 20;

    /// <summary>Inputs bigger than this are not fed (the model may declare them; nobody feeds 2^31 floats).</summary>
    private const long MaxFedElements = 1 << 20;

    public sealed record Failure(int Case, string Model, string How, string What);

    public sealed record Report(int Cases, int Loaded, int Ran, int Refused, List<Failure> Failures, double MaxCaseMs, long MaxCaseBytes, TimeSpan Elapsed,
        Dictionary<string, int> Masked, List<Failure> MaskedExamples)
    {
        public override string ToString() =>
            $"{Cases} models: {Refused} refused with LingerException, {Loaded} loaded, {Ran} ran; {Failures.Count} failures; " +
            $"slowest case {MaxCaseMs:F1} ms, largest case allocation {MaxCaseBytes / 1024.0:F0} KiB; {Elapsed.TotalSeconds:F1} s; " +
            $"internal errors caught by a catch-all: {(Masked.Count == 0 ? "none" : string.Join(", ", Masked.Select(kv => $"{kv.Key} {kv.Value}")))}";
    }

    /// <summary>The corpus: exported models checked into TestData/fuzz-corpus plus the worked example built in code.</summary>
    public static List<(string Name, byte[] Bytes)> Corpus()
    {
        var corpus = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz-corpus"), "*.onnx")
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p), File.ReadAllBytes(p)))
            .ToList();
        corpus.Add(("worked-example", EndToEndTests.WorkedExample(new Random(3)).Bytes()));
        return corpus;
    }

    /// <summary>Mutations of the corpus models.</summary>
    public static Report Run(int cases, int seed, TimeSpan timeout)
    {
        var corpus = Corpus();
        return RunOnThread(() => RunCases(cases, seed, (c, r) =>
        {
            var (name, original) = corpus[c % corpus.Count];
            var (bytes, how) = ModelMutator.Mutate(original, r);
            return (name, bytes, how);
        }), timeout);
    }

    /// <summary>Random graphs from the op table (<see cref="RandomGraphGenerator"/>), loaded for venus and for the generic target.</summary>
    public static Report RunRandomGraphs(int cases, int seed, TimeSpan timeout) =>
        RunOnThread(() => RunCases(cases, seed, (c, r) =>
        {
            var (bytes, how) = RandomGraphGenerator.Generate(r);
            return ("random-graph", bytes, how);
        }), timeout);

    private static Report RunOnThread(Func<Report> run, TimeSpan timeout)
    {
        Report? report = null;
        Exception? crash = null;
        // A dedicated thread so that a hang fails the test instead of stalling it.
        var thread = new Thread(() =>
        {
            try { report = run(); }
            catch (Exception e) { crash = e; }
        }, 64 << 20) { IsBackground = true, Name = "loader-fuzz" };
        thread.Start();
        if (!thread.Join(timeout))
            throw new TimeoutException($"the fuzz run did not finish within {timeout.TotalSeconds:F0} s (a hang?).");
        if (crash is not null) throw new InvalidOperationException("the fuzzer itself failed", crash);
        return report!;
    }

    private static Report RunCases(int cases, int seed, Func<int, Random, (string Name, byte[] Bytes, string How)> make)
    {
        var failures = new List<Failure>();
        var masked = new Dictionary<string, int>();
        var maskedExamples = new List<Failure>();
        int loaded = 0, ran = 0, refused = 0;
        double maxMs = 0;
        long maxBytes = 0;
        var total = Stopwatch.StartNew();
        for (int c = 0; c < cases; c++)
        {
            var r = new Random(unchecked(seed * 1_000_003 + c));   // not HashCode.Combine: it is randomized per process
            var (name, bytes, how) = make(c, r);
            var options = new LoadOptions { Target = r.Next(2) == 0 ? Numerics.Dialect.ChipTarget.Generic : null };
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            try
            {
                using var rt = LingerRuntime.Load(bytes, "fuzz.onnx", options);
                loaded++;
                if (Feed(rt, r) is { } inputs)
                {
                    rt.Run(inputs);
                    ran++;
                }
            }
            catch (LingerException e)
            {
                refused++;
                // A LingerException that wraps a .NET exception is a catch-all at work: the loader missed a check.
                var inner = e.InnerException;
                while (inner is LingerException) inner = inner.InnerException;
                if (inner is not null && inner is not Google.Protobuf.InvalidProtocolBufferException)
                {
                    string key = inner.GetType().Name;
                    masked[key] = masked.GetValueOrDefault(key) + 1;
                    if (maskedExamples.Count < 50) maskedExamples.Add(new Failure(c, name, how, $"{inner.GetType().Name}: {e.Message} at {inner.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}"));
                }
                if (!e.Message.StartsWith("fuzz.onnx", StringComparison.Ordinal))
                    failures.Add(new Failure(c, name, how, $"LingerException without the source name: {e.Message}"));
            }
            catch (Exception e)
            {
                failures.Add(new Failure(c, name, how, $"{e.GetType().Name}: {e.Message}"));
            }
            sw.Stop();
            long bytesUsed = GC.GetAllocatedBytesForCurrentThread() - before;
            maxMs = Math.Max(maxMs, sw.Elapsed.TotalMilliseconds);
            maxBytes = Math.Max(maxBytes, bytesUsed);
            if (bytesUsed > MaxBytesPerCase)
                failures.Add(new Failure(c, name, how, $"allocated {bytesUsed / (1 << 20)} MiB for a {bytes.Length}-byte file"));
        }
        return new Report(cases, loaded, ran, refused, failures, maxMs, maxBytes, total.Elapsed, masked, maskedExamples);
    }

    /// <summary>Random inputs in the declared shapes (symbolic dims = 1), or null when one would be unreasonably large.</summary>
    private static Dictionary<string, RuntimeTensor>? Feed(LingerRuntime rt, Random r)
    {
        var feed = new Dictionary<string, RuntimeTensor>();
        foreach (var gi in rt.Inputs)
        {
            int[] shape = gi.Shape.Select(d => d < 0 ? 1 : d).ToArray();
            long n = 1;
            foreach (int d in shape)
            {
                n *= d;
                if (n > MaxFedElements) return null;
            }
            if (gi.ElementType == TensorElementType.Int8)
            {
                var v = new sbyte[n];
                r.NextBytes((byte[])(Array)v);
                feed[gi.Name] = new RuntimeTensor(gi.Name, shape, v);
            }
            else
            {
                var v = new float[n];
                for (int i = 0; i < v.Length; i++) v[i] = (float)(r.NextDouble() * 8 - 4);
                feed[gi.Name] = new RuntimeTensor(gi.Name, shape, v);
            }
        }
        return feed;
    }
}
