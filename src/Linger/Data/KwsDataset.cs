using LingerNet.Speech;
using TorchSharp;

namespace LingerNet.Data;

/// <summary>
/// A keyword-spotting feature set on disk and in memory. A folder holds <c>classes.txt</c> (one class name per
/// line, in label order) and four IDX files (the MNIST container, gzipped): <c>train-features.idx.gz</c> and
/// <c>test-features.idx.gz</c> (unsigned bytes <c>[N, 98, 40]</c>, byte = int8 feature code + 128, see
/// <see cref="KwsFeatures"/>), <c>train-labels.idx.gz</c> and <c>test-labels.idx.gz</c> (<c>[N]</c>). In memory
/// the features become float32 <c>[N, 1, 98, 40]</c> holding <c>code / 2^5</c>, the exact values of the model's
/// input grid.
/// </summary>
public sealed class KwsDataset : IDisposable
{
    /// <summary>Where the feature set bundled with Linger.NET lives, relative to the repository root and the CLI's output folder.</summary>
    public const string BundledFolder = "data/kws-features";

    /// <summary>The class list file.</summary>
    public const string ClassesFile = "classes.txt";

    /// <summary>File name of the training features.</summary>
    public const string TrainFeaturesFile = "train-features.idx.gz";

    /// <summary>File name of the training labels.</summary>
    public const string TrainLabelsFile = "train-labels.idx.gz";

    /// <summary>File name of the test features.</summary>
    public const string TestFeaturesFile = "test-features.idx.gz";

    /// <summary>File name of the test labels.</summary>
    public const string TestLabelsFile = "test-labels.idx.gz";

    private KwsDataset(string directory, IReadOnlyList<string> classes, ImageDataset train, ImageDataset test)
    {
        Directory = directory;
        ClassNames = classes;
        Train = train;
        Test = test;
    }

    /// <summary>The folder the set was read from (full path).</summary>
    public string Directory { get; }

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The training split, <c>[N, 1, 98, 40]</c>.</summary>
    public ImageDataset Train { get; }

    /// <summary>The test split (held-out voices), <c>[N, 1, 98, 40]</c>.</summary>
    public ImageDataset Test { get; }

    /// <summary>Loads a feature set folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="LingerException">The folder or a file is missing or corrupt, or the files disagree (shapes,
    /// counts, labels outside the class list). The message names the file.</exception>
    public static KwsDataset Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full)) throw new LingerException($"keyword-spotting data directory '{directory}' does not exist.");
        var classes = ReadClasses(full);
        var train = ReadSplit(full, TrainFeaturesFile, TrainLabelsFile, classes.Count);
        var test = ReadSplit(full, TestFeaturesFile, TestLabelsFile, classes.Count);
        ImageDataset? tr = null;
        try
        {
            tr = ToDataset(train, "train");
            return new KwsDataset(full, classes, tr, ToDataset(test, "test"));
        }
        catch
        {
            tr?.Dispose();
            throw;
        }
    }

    /// <summary>Reads the class list of a feature set folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="LingerException">The file is missing or holds fewer than two names.</exception>
    public static IReadOnlyList<string> ReadClasses(string directory)
    {
        var path = Path.Combine(directory, ClassesFile);
        if (!File.Exists(path)) throw new LingerException($"'{ClassesFile}' is missing in '{directory}': it lists the class names, one per line.");
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length < 2) throw new LingerException($"'{path}' lists {names.Length} classes; a classifier needs at least 2.");
        return names;
    }

    /// <summary>Reads one split as arrays.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="featuresFile">The features file name.</param>
    /// <param name="labelsFile">The labels file name.</param>
    /// <param name="classCount">Labels must be below this.</param>
    /// <exception cref="LingerException">A file is missing, corrupt or inconsistent.</exception>
    public static KwsFeatureSet ReadSplit(string directory, string featuresFile, string labelsFile, int classCount)
    {
        var fp = Path.Combine(directory, featuresFile);
        var lp = Path.Combine(directory, labelsFile);
        var features = IdxFile.Read(fp);
        var labels = IdxFile.Read(lp);
        if (features.Shape.Count != 3 || features.Shape[1] != KwsFeatures.Frames || features.Shape[2] != KwsFeatures.MelBins)
            throw new LingerException($"'{fp}' holds shape [{string.Join(", ", features.Shape)}]; keyword-spotting features are [N, {KwsFeatures.Frames}, {KwsFeatures.MelBins}].");
        if (labels.Shape.Count != 1 || labels.Count != features.Count)
            throw new LingerException($"'{lp}' holds shape [{string.Join(", ", labels.Shape)}]; it must be [{features.Count}] to match '{fp}'.");
        for (int i = 0; i < labels.Data.Length; i++)
        {
            if (labels.Data[i] >= classCount)
                throw new LingerException($"'{lp}' has label {labels.Data[i]} at index {i}; '{ClassesFile}' lists only {classCount} classes.");
        }
        var codes = new sbyte[features.Data.Length];
        for (int i = 0; i < codes.Length; i++) codes[i] = (sbyte)(features.Data[i] - 128);
        return new KwsFeatureSet(codes, labels.Data);
    }

    /// <summary>Writes a feature set folder (the format of the class summary).</summary>
    /// <param name="directory">The folder (created when missing).</param>
    /// <param name="classes">Class names in label order.</param>
    /// <param name="train">The training split.</param>
    /// <param name="test">The test split.</param>
    /// <exception cref="LingerException">The folder cannot be written.</exception>
    public static void Save(string directory, IReadOnlyList<string> classes, KwsFeatureSet train, KwsFeatureSet test)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllLines(Path.Combine(directory, ClassesFile), classes);
            WriteSplit(directory, TrainFeaturesFile, TrainLabelsFile, train);
            WriteSplit(directory, TestFeaturesFile, TestLabelsFile, test);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LingerException($"cannot write the feature set to '{directory}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Finds the bundled feature set: <see cref="BundledFolder"/> next to the application (the CLI copies it to its
    /// output), else in the current directory or the application directory or any of their parents.
    /// </summary>
    /// <returns>The full path, or null.</returns>
    public static string? FindBundled()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, BundledFolder);
                if (File.Exists(Path.Combine(candidate, TrainFeaturesFile))) return candidate;
            }
        }
        return null;
    }

    /// <summary>Frees the tensors of both splits.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    private static void WriteSplit(string directory, string featuresFile, string labelsFile, KwsFeatureSet set)
    {
        if (set.Codes.Length != set.Count * KwsFeatures.ValuesPerClip)
            throw new ArgumentException($"{set.Count} clips need {set.Count * KwsFeatures.ValuesPerClip} codes, got {set.Codes.Length}", nameof(set));
        var bytes = new byte[set.Codes.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(set.Codes[i] + 128);
        IdxFile.Write(Path.Combine(directory, featuresFile), new IdxArray([set.Count, KwsFeatures.Frames, KwsFeatures.MelBins], bytes), gzip: true);
        IdxFile.Write(Path.Combine(directory, labelsFile), new IdxArray([set.Count], set.Labels), gzip: true);
    }

    private static ImageDataset ToDataset(KwsFeatureSet set, string name)
    {
        var values = new float[set.Codes.Length];
        for (int i = 0; i < values.Length; i++) values[i] = KwsFeatures.ToValue(set.Codes[i]);
        var labels = new long[set.Count];
        for (int i = 0; i < labels.Length; i++) labels[i] = set.Labels[i];
        var x = torch.tensor(values, new long[] { set.Count, 1, KwsFeatures.Frames, KwsFeatures.MelBins });
        var y = torch.tensor(labels, new long[] { set.Count });
        return new ImageDataset(x, y, name);
    }
}
