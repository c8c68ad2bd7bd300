namespace LingerNet.Data;

/// <summary>
/// Makes the class-balanced Fashion-MNIST subset bundled with Linger.NET: for each split, the first
/// <c>k</c> samples of every class in file order, kept in file order (so classes stay interleaved as in
/// the original). The selection is a pure function of the source files, written as gzipped IDX files
/// with the original names.
/// </summary>
public static class FashionMnistSubset
{
    /// <summary>Writes the subset of <paramref name="sourceDirectory"/> into <paramref name="targetDirectory"/>.</summary>
    /// <param name="sourceDirectory">The full data set (the four IDX files, gzipped or not).</param>
    /// <param name="targetDirectory">Created when missing; the four <c>.gz</c> files are overwritten.</param>
    /// <param name="trainPerClass">Training samples per class.</param>
    /// <param name="testPerClass">Test samples per class.</param>
    /// <exception cref="LingerException">The source is missing or corrupt, or has fewer samples of a class than asked for.</exception>
    public static void Create(string sourceDirectory, string targetDirectory, int trainPerClass, int testPerClass)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(testPerClass, 1);
        if (!Directory.Exists(sourceDirectory))
            throw new LingerException($"Fashion-MNIST directory '{sourceDirectory}' does not exist.");
        Directory.CreateDirectory(targetDirectory);
        foreach (var (train, perClass) in new[] { (true, trainPerClass), (false, testPerClass) })
        {
            var (images, labels) = FashionMnist.ReadSplit(sourceDirectory, train);
            var picked = Select(labels.Data, perClass, train ? "train" : "test");
            int size = images.SampleSize;
            var img = new byte[picked.Count * size];
            var lab = new byte[picked.Count];
            for (int k = 0; k < picked.Count; k++)
            {
                Array.Copy(images.Data, (long)picked[k] * size, img, (long)k * size, size);
                lab[k] = labels.Data[picked[k]];
            }
            var imgName = (train ? FashionMnist.TrainImagesFile : FashionMnist.TestImagesFile) + ".gz";
            var labName = (train ? FashionMnist.TrainLabelsFile : FashionMnist.TestLabelsFile) + ".gz";
            IdxFile.Write(Path.Combine(targetDirectory, imgName), new IdxArray([picked.Count, images.Shape[1], images.Shape[2]], img), gzip: true);
            IdxFile.Write(Path.Combine(targetDirectory, labName), new IdxArray([picked.Count], lab), gzip: true);
        }
    }

    /// <summary>The indices of the first <paramref name="perClass"/> samples of each class, in file order.</summary>
    /// <param name="labels">Class labels in 0..9.</param>
    /// <param name="perClass">Samples per class.</param>
    /// <param name="split">The split name for error messages.</param>
    /// <exception cref="LingerException">A class has fewer samples than asked for.</exception>
    public static IReadOnlyList<int> Select(byte[] labels, int perClass, string split)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var taken = new int[FashionMnist.ClassCount];
        var picked = new List<int>(perClass * FashionMnist.ClassCount);
        for (int i = 0; i < labels.Length; i++)
        {
            int c = labels[i];
            if (c < FashionMnist.ClassCount && taken[c] < perClass)
            {
                taken[c]++;
                picked.Add(i);
            }
        }
        for (int c = 0; c < taken.Length; c++)
        {
            if (taken[c] < perClass)
                throw new LingerException($"the {split} split has only {taken[c]} samples of class {c}, {perClass} were asked for.");
        }
        return picked;
    }
}
