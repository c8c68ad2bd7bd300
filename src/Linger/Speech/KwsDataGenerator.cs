using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LingerNet.Data;

namespace LingerNet.Speech;

/// <summary>
/// Synthesises the keyword-spotting data set with espeak-ng (speech) and sox (tempo, pitch, reverb, resampling to
/// 16 kHz, noise beds), then places each word in a one-second clip, mixes in noise at a drawn SNR, computes the
/// features (<see cref="KwsFeatures"/>) and writes a <see cref="KwsDataset"/> folder plus the WAV files, a
/// <c>manifest.csv</c> of every clip's parameters and <c>generation.json</c> (seed, counts, tool versions).
/// Every random choice is drawn from the seed before any tool runs, so the same seed and tool versions give
/// the same files, whatever the parallelism. The generator installs nothing: a missing tool is an error that
/// says how to install it.
/// </summary>
public static class KwsDataGenerator
{
    private const string Espeak = "espeak-ng";
    private const string Sox = "sox";
    private static readonly string[] s_noiseColours = ["white", "pink", "brown"];
    private const int NoiseBedSeconds = 20;

    /// <summary>Draws the parameters of every clip from the seed (no tool runs).</summary>
    /// <param name="options">Seed and counts.</param>
    /// <returns>Training clips first, then test clips, each split in class order.</returns>
    public static IReadOnlyList<KwsClipSpec> Plan(KwsDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var specs = new List<KwsClipSpec>();
        Plan(specs, "train", options.PerClass, KwsVocabulary.TrainVariants, new Random(options.Seed));
        Plan(specs, "test", options.EffectiveTestPerClass, KwsVocabulary.TestVariants, new Random(options.Seed + 7919));
        return specs;
    }

    /// <summary>Checks that espeak-ng and sox are installed.</summary>
    /// <exception cref="LingerException">A tool is missing; the message says how to install it.</exception>
    public static void CheckTools() => CheckTools(ExternalTool.FindOnPath);

    /// <summary>Checks the tools with a given lookup (tests pass one that finds nothing).</summary>
    internal static void CheckTools(Func<string, string?> find)
    {
        var missing = new[] { Espeak, Sox }.Where(t => find(t) is null).ToArray();
        if (missing.Length > 0)
            throw new LingerException($"{string.Join(" and ", missing)} {(missing.Length == 1 ? "is" : "are")} not installed (not found on PATH). " +
                "On Debian or Ubuntu: sudo apt-get install espeak-ng sox. linger installs nothing by itself.");
    }

    /// <summary>Generates the data set.</summary>
    /// <param name="options">Output folder, seed, counts.</param>
    /// <param name="progress">Called after each clip with (clips done, clips in total); calls are serialised.</param>
    /// <returns>Counts, tool versions and time.</returns>
    /// <exception cref="LingerException">A tool is missing or fails, or the output cannot be written.</exception>
    public static KwsDataResult Generate(KwsDataOptions options, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PerClass < 1) throw new LingerException($"--per-class must be at least 1 (got {options.PerClass}).");
        if (options.Parallelism < 1) throw new LingerException($"parallelism must be at least 1 (got {options.Parallelism}).");
        CheckTools();
        var clock = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory);
        var temp = Path.Combine(Path.GetTempPath(), "linger-kws-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(output);
            Directory.CreateDirectory(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot create '{options.OutputDirectory}': {e.Message}", e);
        }
        try
        {
            string espeakVersion = FirstLine(ExternalTool.Run(Espeak, ["--version"], options.ToolTimeout));
            string soxVersion = FirstLine(ExternalTool.Run(Sox, ["--version"], options.ToolTimeout));
            var beds = MakeNoiseBeds(temp, options.ToolTimeout);
            var specs = Plan(options);
            var codes = new sbyte[specs.Count][];
            var extractor = KwsFeatures.CreateExtractor();
            int done = 0;
            var gate = new object();
            Parallel.For(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, i =>
            {
                var spec = specs[i];
                var clip = MakeClip(spec, beds, temp, options.ToolTimeout);
                if (options.KeepWavs)
                {
                    var dir = Path.Combine(output, "wav", spec.Split, KwsVocabulary.ClassNames[spec.Label]);
                    Directory.CreateDirectory(dir);
                    WavFile.Write(Path.Combine(dir, ClipFileName(spec)), clip, KwsFeatures.SampleRate);
                }
                codes[i] = KwsFeatures.FromClip(extractor, clip);
                lock (gate)
                {
                    done++;
                    progress?.Invoke(done, specs.Count);
                }
            });
            var train = Collect(specs, codes, "train");
            var test = Collect(specs, codes, "test");
            KwsDataset.Save(output, KwsVocabulary.ClassNames, train, test);
            WriteManifest(Path.Combine(output, "manifest.csv"), specs);
            var result = new KwsDataResult(output, train.Count, test.Count, espeakVersion, soxVersion, clock.Elapsed.TotalSeconds);
            WriteGenerationJson(Path.Combine(output, "generation.json"), options, result);
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write to '{options.OutputDirectory}': {e.Message}", e);
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is LingerException le)
        {
            throw new LingerException(le.Message, e);
        }
        finally
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is harmless
            }
        }
    }

    /// <summary>The WAV file name of a clip: the class, the number and the voice, e.g. <c>0012-en-us+m3.wav</c>.</summary>
    /// <param name="spec">The clip.</param>
    public static string ClipFileName(KwsClipSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"{spec.Index:D5}-{spec.Voice}.wav";
    }

    private static void Plan(List<KwsClipSpec> specs, string split, int perClass, IReadOnlyList<string> variants, Random rng)
    {
        int index = 0;
        for (int label = 0; label < KwsVocabulary.ClassNames.Count; label++)
        {
            string name = KwsVocabulary.ClassNames[label];
            for (int i = 0; i < perClass; i++)
            {
                // Every field is drawn for every clip, in the same order, so that one class's choices never shift another's.
                string voice = KwsVocabulary.Accents[rng.Next(KwsVocabulary.Accents.Count)] + "+" + variants[rng.Next(variants.Count)];
                string unknownWord = KwsVocabulary.UnknownWords[rng.Next(KwsVocabulary.UnknownWords.Count)];
                int wpm = rng.Next(120, 221);
                int pitch = rng.Next(15, 86);
                int amplitude = rng.Next(40, 181);
                double tempo = Math.Round(0.85 + 0.3 * rng.NextDouble(), 3);
                int cents = rng.Next(-300, 301);
                int reverb = rng.NextDouble() < 0.5 ? 0 : rng.Next(10, 71);
                double noiseRoll = rng.NextDouble();
                string noise = noiseRoll < 0.15 ? "none" : s_noiseColours[rng.Next(s_noiseColours.Length)];
                double snr = Math.Round(5 + 30 * rng.NextDouble(), 2);
                double backgroundDb = Math.Round(-75 + 55 * rng.NextDouble(), 2);
                double noiseOffset = rng.NextDouble();
                double placement = rng.NextDouble();
                string? word = name == KwsVocabulary.SilenceClass ? null : name == KwsVocabulary.UnknownClass ? unknownWord : name;
                if (word is null && noise == "none" && noiseRoll >= 0.08) noise = s_noiseColours[(int)(noiseOffset * 3) % 3]; // ~8% digital silence
                specs.Add(new KwsClipSpec(split, index++, label, word, voice, wpm, pitch, amplitude, tempo, cents, reverb, noise,
                    word is null ? backgroundDb : snr, noiseOffset, placement));
            }
        }
    }

    private static Dictionary<string, float[]> MakeNoiseBeds(string temp, TimeSpan timeout)
    {
        var beds = new Dictionary<string, float[]>();
        foreach (var colour in s_noiseColours)
        {
            var path = Path.Combine(temp, colour + ".wav");
            // -R: sox's repeatable mode seeds its generator with a fixed number, so the beds are the same every run;
            // clips differ by the offset they cut from the bed.
            ExternalTool.Run(Sox, ["-R", "-D", "-n", "-r", "16000", "-c", "1", "-b", "16", path, "synth", NoiseBedSeconds.ToString(CultureInfo.InvariantCulture), colour + "noise"], timeout);
            var bed = WavFile.Read(path).Samples;
            double rms = Math.Sqrt(bed.Sum(v => (double)v * v) / bed.Length);
            for (int i = 0; i < bed.Length; i++) bed[i] = (float)(bed[i] / rms); // unit RMS
            beds[colour] = bed;
        }
        return beds;
    }

    private static float[] MakeClip(KwsClipSpec spec, Dictionary<string, float[]> beds, string temp, TimeSpan timeout)
    {
        var clip = new float[KwsFeatures.ClipSamples];
        double speechRms = 0;
        if (spec.Word is not null)
        {
            string stem = Path.Combine(temp, $"{spec.Split}-{spec.Index}");
            string raw = stem + "-espeak.wav", shaped = stem + "-16k.wav";
            var inv = CultureInfo.InvariantCulture;
            ExternalTool.Run(Espeak, ["-v", spec.Voice, "-s", spec.WordsPerMinute.ToString(inv), "-p", spec.Pitch.ToString(inv),
                "-a", spec.Amplitude.ToString(inv), "-w", raw, spec.Word], timeout);
            var soxArgs = new List<string> { "-R", "-D", raw, "-r", "16000", "-c", "1", "-b", "16", shaped,
                "tempo", "-s", spec.Tempo.ToString("0.###", inv), "pitch", spec.PitchCents.ToString(inv) };
            if (spec.Reverb > 0) soxArgs.AddRange(["reverb", spec.Reverb.ToString(inv)]);
            ExternalTool.Run(Sox, soxArgs, timeout);
            var speech = WavFile.Read(shaped).Samples;
            File.Delete(raw);
            File.Delete(shaped);
            var (start, length) = ActiveRegion(speech);
            if (length > clip.Length)
            {
                start += (length - clip.Length) / 2;
                length = clip.Length;
            }
            int offset = (int)(spec.Placement * (clip.Length - length));
            double sum = 0;
            for (int i = 0; i < length; i++)
            {
                clip[offset + i] = speech[start + i];
                sum += (double)speech[start + i] * speech[start + i];
            }
            speechRms = Math.Sqrt(sum / Math.Max(1, length));
        }
        if (spec.Noise != "none")
        {
            var bed = beds[spec.Noise];
            double rms = spec.Word is null ? Math.Pow(10, spec.NoiseDb / 20) : speechRms / Math.Pow(10, spec.NoiseDb / 20);
            int from = (int)(spec.NoiseOffset * (bed.Length - clip.Length));
            for (int i = 0; i < clip.Length; i++) clip[i] += (float)(rms * bed[from + i]);
        }
        for (int i = 0; i < clip.Length; i++) clip[i] = Math.Clamp(clip[i], -1f, 32767f / 32768f);
        return clip;
    }

    /// <summary>The span from the first to the last sample above 2% of the peak, plus 20 ms either side.</summary>
    private static (int Start, int Length) ActiveRegion(float[] s)
    {
        float peak = 0;
        foreach (var v in s) peak = Math.Max(peak, Math.Abs(v));
        if (peak == 0) return (0, Math.Min(s.Length, KwsFeatures.ClipSamples));
        float threshold = 0.02f * peak;
        int first = Array.FindIndex(s, v => Math.Abs(v) > threshold);
        int last = Array.FindLastIndex(s, v => Math.Abs(v) > threshold);
        int margin = KwsFeatures.SampleRate / 50;
        int start = Math.Max(0, first - margin);
        int end = Math.Min(s.Length, last + 1 + margin);
        return (start, end - start);
    }

    private static KwsFeatureSet Collect(IReadOnlyList<KwsClipSpec> specs, sbyte[][] codes, string split)
    {
        var idx = Enumerable.Range(0, specs.Count).Where(i => specs[i].Split == split).ToArray();
        var all = new sbyte[idx.Length * KwsFeatures.ValuesPerClip];
        var labels = new byte[idx.Length];
        for (int j = 0; j < idx.Length; j++)
        {
            codes[idx[j]].CopyTo(all, j * KwsFeatures.ValuesPerClip);
            labels[j] = (byte)specs[idx[j]].Label;
        }
        return new KwsFeatureSet(all, labels);
    }

    private static void WriteManifest(string path, IReadOnlyList<KwsClipSpec> specs)
    {
        var sb = new StringBuilder("split,index,class,word,voice,wpm,pitch,amplitude,tempo,pitch_cents,reverb,noise,noise_db,noise_offset,placement\n");
        var inv = CultureInfo.InvariantCulture;
        foreach (var s in specs)
        {
            sb.Append(inv, $"{s.Split},{s.Index},{KwsVocabulary.ClassNames[s.Label]},{s.Word ?? ""},{s.Voice},{s.WordsPerMinute},{s.Pitch},{s.Amplitude},");
            sb.Append(inv, $"{s.Tempo:0.###},{s.PitchCents},{s.Reverb},{s.Noise},{s.NoiseDb:0.##},{s.NoiseOffset:0.####},{s.Placement:0.####}\n");
        }
        File.WriteAllText(path, sb.ToString());
    }

    private static void WriteGenerationJson(string path, KwsDataOptions options, KwsDataResult result)
    {
        using var file = File.Create(path);
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("command", $"linger kws-data --out DIR --seed {options.Seed} --per-class {options.PerClass} --test-per-class {options.EffectiveTestPerClass}");
        w.WriteNumber("seed", options.Seed);
        w.WriteNumber("per_class", options.PerClass);
        w.WriteNumber("test_per_class", options.EffectiveTestPerClass);
        w.WriteNumber("train_clips", result.TrainClips);
        w.WriteNumber("test_clips", result.TestClips);
        w.WriteString("espeak_ng", result.EspeakVersion);
        w.WriteString("sox", result.SoxVersion);
        WriteList(w, "classes", KwsVocabulary.ClassNames);
        WriteList(w, "accents", KwsVocabulary.Accents);
        WriteList(w, "train_variants", KwsVocabulary.TrainVariants);
        WriteList(w, "test_variants", KwsVocabulary.TestVariants);
        WriteList(w, "unknown_words", KwsVocabulary.UnknownWords);
        w.WriteString("features", $"log-mel, {KwsFeatures.Frames} frames x {KwsFeatures.MelBins} mel bins, 25 ms Hann window, 10 ms hop, 512-point FFT, 20-8000 Hz, code = clamp(floor((ln E - ({KwsFeatures.Mean})) / {KwsFeatures.Scale} * 32 + 0.5), -127, 127)");
        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, string name, IEnumerable<string> items)
    {
        w.WriteStartArray(name);
        foreach (var i in items) w.WriteStringValue(i);
        w.WriteEndArray();
    }

    private static string FirstLine(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
