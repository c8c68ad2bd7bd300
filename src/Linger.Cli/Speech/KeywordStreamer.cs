using System.Diagnostics;
using LingerNet.Runtime;
using LingerNet.Speech;

namespace LingerNet.Cli.Speech;

/// <summary>One keyword found in a stream.</summary>
/// <param name="Seconds">The centre of the window that fired, in seconds from the start of the audio.</param>
/// <param name="Keyword">The class name.</param>
/// <param name="Confidence">The smoothed posterior when it fired.</param>
internal sealed record KeywordDetection(double Seconds, string Keyword, double Confidence);

/// <summary>What a streaming pass measured.</summary>
internal sealed record StreamResult(IReadOnlyList<KeywordDetection> Detections, int Windows, double AudioSeconds, double FeatureSeconds,
    double InferenceSeconds, IReadOnlyList<(double Seconds, string Top, double Posterior)> Trace)
{
    /// <summary>Processing time over audio time (below 1: faster than real time).</summary>
    public double RealTimeFactor => AudioSeconds == 0 ? 0 : (FeatureSeconds + InferenceSeconds) / AudioSeconds;
}

/// <summary>
/// Keyword spotting over a long recording with an exported model: the log-mel features of the whole signal
/// (frames every 10 ms; a window starting at a multiple of the hop sees exactly the features of that second cut out
/// and computed alone), one-second windows every <c>hop</c>, the integer runtime on each, softmax of the output
/// integers, posteriors averaged over the last <c>smooth</c> windows, and a detection when a keyword (not
/// <c>unknown</c>/<c>silence</c>) is the smoothed top class above the threshold, at most once per
/// <c>refractory</c> seconds per keyword.
/// </summary>
internal sealed class KeywordStreamer(LingerRuntime runtime, IReadOnlyList<string> classes)
{
    public int HopMilliseconds { get; init; } = 100;

    public int Smooth { get; init; } = 3;

    public double Threshold { get; init; } = 0.6;

    public double RefractorySeconds { get; init; } = 1.0;

    public StreamResult Run(PcmAudio audio)
    {
        if (audio.SampleRate != KwsFeatures.SampleRate)
            throw new LingerException($"the audio is sampled at {audio.SampleRate} Hz; the model expects {KwsFeatures.SampleRate} Hz. Convert it: sox IN.wav -r 16000 -c 1 -b 16 OUT.wav");
        if (HopMilliseconds <= 0 || HopMilliseconds % KwsFeatures.HopMilliseconds != 0)
            throw new LingerException($"--hop-ms must be a positive multiple of {KwsFeatures.HopMilliseconds} (the feature hop), got {HopMilliseconds}.");
        if (audio.Samples.Length < KwsFeatures.ClipSamples)
            throw new LingerException($"the audio lasts {audio.Seconds:F2} s; streaming needs at least one second.");
        var clock = Stopwatch.StartNew();
        var codes = KwsFeatures.Quantize(KwsFeatures.CreateExtractor().Compute(audio.Samples));
        double featureSeconds = clock.Elapsed.TotalSeconds;
        int frames = codes.Length / KwsFeatures.MelBins;
        int hopFrames = HopMilliseconds / KwsFeatures.HopMilliseconds;
        int k = classes.Count;
        var history = new Queue<double[]>();
        var lastFired = new Dictionary<int, double>();
        var detections = new List<KeywordDetection>();
        var trace = new List<(double, string, double)>();
        var input = new float[KwsFeatures.ValuesPerClip];
        int windows = 0;
        clock.Restart();
        for (int start = 0; start + KwsFeatures.Frames <= frames; start += hopFrames)
        {
            for (int i = 0; i < input.Length; i++) input[i] = KwsFeatures.ToValue(codes[start * KwsFeatures.MelBins + i]);
            var output = runtime.Run(input).Outputs[0];
            var logits = output.Int8 ?? throw new LingerException("the model's output is not int8; kws-stream needs a classifier exported by linger kws.");
            if (logits.Length != k) throw new LingerException($"the model gives {logits.Length} outputs but the class list has {k} names.");
            double scale = output.Scale?.Value ?? 1.0;
            history.Enqueue(Softmax(logits, scale));
            if (history.Count > Smooth) history.Dequeue();
            var smoothed = new double[k];
            foreach (var p in history) for (int c = 0; c < k; c++) smoothed[c] += p[c] / history.Count;
            int top = 0;
            for (int c = 1; c < k; c++) if (smoothed[c] > smoothed[top]) top = c;
            double centre = (start * KwsFeatures.HopMilliseconds + 500) / 1000.0;
            trace.Add((centre, classes[top], smoothed[top]));
            bool keyword = classes[top] is not (KwsVocabulary.UnknownClass or KwsVocabulary.SilenceClass);
            if (keyword && smoothed[top] >= Threshold && (!lastFired.TryGetValue(top, out var last) || centre - last >= RefractorySeconds))
            {
                detections.Add(new KeywordDetection(centre, classes[top], smoothed[top]));
                lastFired[top] = centre;
            }
            windows++;
        }
        return new StreamResult(detections, windows, audio.Seconds, featureSeconds, clock.Elapsed.TotalSeconds, trace);
    }

    private static double[] Softmax(sbyte[] logits, double scale)
    {
        var p = new double[logits.Length];
        double max = logits.Max() / scale, sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(logits[i] / scale - max);
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }
}
