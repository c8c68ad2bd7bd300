using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Data;

/// <summary>
/// Fashion-MNIST (Zalando; 28×28 grey images of 10 clothing classes) loaded from the four IDX files of
/// the original distribution, gzipped or not: <c>train-images-idx3-ubyte[.gz]</c>,
/// <c>train-labels-idx1-ubyte[.gz]</c>, <c>t10k-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>
/// (Debian: package <c>dataset-fashion-mnist</c>, directory <c>/usr/share/datasets/fashion-mnist</c>).
/// Images become float32 <c>[N, 1, 28, 28]</c> scaled to [0, 1] (pixel / 255, no mean/std
/// normalisation: the models start with BatchNorm, and [0, 1] is what a quantised input of the chip
/// sees); labels become int64 <c>[N]</c> in 0..9.
/// </summary>
public sealed class FashionMnist : IDisposable
{
    /// <summary>Height and width of an image.</summary>
    public const int ImageSize = 28;

    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>File name (without <c>.gz</c>) of the training images.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    /// <summary>File name (without <c>.gz</c>) of the training labels.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>File name (without <c>.gz</c>) of the test images.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>File name (without <c>.gz</c>) of the test labels.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    /// <summary>Where the subset bundled with Linger.NET lives, relative to the repository root and to the CLI's output folder.</summary>
    public const string BundledSubsetFolder = "data/fashion-mnist-subset";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the full data set.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    private static readonly string[] s_classNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private FashionMnist(string directory, ImageDataset train, ImageDataset test)
    {
        Directory = directory;
        Train = train;
        Test = test;
    }

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames => s_classNames;

    /// <summary>The directory the files were read from (full path).</summary>
    public string Directory { get; }

    /// <summary>The training split.</summary>
    public ImageDataset Train { get; }

    /// <summary>The test split.</summary>
    public ImageDataset Test { get; }

    /// <summary>Loads both splits from a directory holding the four IDX files.</summary>
    /// <param name="directory">The directory.</param>
    /// <exception cref="LingerException">The directory or a file is missing, a file is corrupt or truncated,
    /// or the files do not fit together (shapes, counts, label range). The message names the file.</exception>
    public static FashionMnist Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
            throw new LingerException($"Fashion-MNIST directory '{directory}' does not exist.");
        var (trainImages, trainLabels) = ReadSplit(full, train: true);
        var (testImages, testLabels) = ReadSplit(full, train: false);
        ImageDataset? tr = null;
        try
        {
            tr = ToDataset(trainImages, trainLabels, "train");
            var te = ToDataset(testImages, testLabels, "test");
            return new FashionMnist(full, tr, te);
        }
        catch
        {
            tr?.Dispose();
            throw;
        }
    }

    /// <summary>Reads and checks the raw IDX arrays of one split.</summary>
    /// <param name="directory">The directory holding the files.</param>
    /// <param name="train">The training split (else the test split).</param>
    /// <returns>Images <c>[N, 28, 28]</c> and labels <c>[N]</c> in 0..9.</returns>
    /// <exception cref="LingerException">A file is missing, corrupt or inconsistent with the other.</exception>
    public static (IdxArray Images, IdxArray Labels) ReadSplit(string directory, bool train)
    {
        var imagesPath = Locate(directory, train ? TrainImagesFile : TestImagesFile);
        var labelsPath = Locate(directory, train ? TrainLabelsFile : TestLabelsFile);
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Shape.Count != 3 || images.Shape[1] != ImageSize || images.Shape[2] != ImageSize)
            throw new LingerException($"'{imagesPath}' holds shape [{string.Join(", ", images.Shape)}]; Fashion-MNIST images are [N, {ImageSize}, {ImageSize}] (magic 2051).");
        if (labels.Shape.Count != 1)
            throw new LingerException($"'{labelsPath}' holds shape [{string.Join(", ", labels.Shape)}]; Fashion-MNIST labels are [N] (magic 2049).");
        if (labels.Count != images.Count)
            throw new LingerException($"'{labelsPath}' has {labels.Count} labels but '{imagesPath}' has {images.Count} images.");
        for (int i = 0; i < labels.Data.Length; i++)
        {
            if (labels.Data[i] >= ClassCount)
                throw new LingerException($"'{labelsPath}' has label {labels.Data[i]} at index {i}; labels must be 0..{ClassCount - 1}.");
        }
        return (images, labels);
    }

    /// <summary>
    /// Finds the bundled subset: <see cref="BundledSubsetFolder"/> next to the application
    /// (the CLI copies it to its output), else in the current directory or the application directory
    /// or any of their parents (a source checkout).
    /// </summary>
    /// <returns>The full path, or null when it is nowhere to be found.</returns>
    public static string? FindBundledSubset()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, BundledSubsetFolder);
                if (File.Exists(Path.Combine(candidate, TrainImagesFile + ".gz"))) return candidate;
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

    private static string Locate(string directory, string name)
    {
        var gz = Path.Combine(directory, name + ".gz");
        if (File.Exists(gz)) return gz;
        var raw = Path.Combine(directory, name);
        if (File.Exists(raw)) return raw;
        throw new LingerException($"Fashion-MNIST file '{name}.gz' (or '{name}') is missing in '{directory}'.");
    }

    private static ImageDataset ToDataset(IdxArray images, IdxArray labels, string name)
    {
        int n = images.Count;
        var pixels = new float[images.Data.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Data[i] / 255f;
        var classes = new long[n];
        for (int i = 0; i < n; i++) classes[i] = labels.Data[i];
        var x = torch.tensor(pixels, new long[] { n, 1, ImageSize, ImageSize });
        var y = torch.tensor(classes, new long[] { n });
        return new ImageDataset(x, y, name);
    }
}
