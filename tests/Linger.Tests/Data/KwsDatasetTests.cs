using LingerNet.Data;
using LingerNet.Samples;
using LingerNet.Speech;
using TorchSharp;
using Xunit;

namespace LingerNet.Tests.Data;

internal static class KwsDatasetTestsHelper
{
    public static sbyte[] ReadCodes(string dir)
        => KwsDataset.ReadSplit(dir, KwsDataset.TrainFeaturesFile, KwsDataset.TrainLabelsFile, KwsDataset.ReadClasses(dir).Count).Codes;
}

public class KwsDatasetTests
{
    private static KwsFeatureSet Random(int n, int seed, int classes)
    {
        var rng = new System.Random(seed);
        var codes = new sbyte[n * KwsFeatures.ValuesPerClip];
        for (int i = 0; i < codes.Length; i++) codes[i] = (sbyte)rng.Next(-127, 128);
        var labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte)rng.Next(classes);
        return new KwsFeatureSet(codes, labels);
    }

    [Fact]
    public void SaveThenLoad_GivesCodesOver32AndLabels()
    {
        using var dir = new TempDir();
        var train = Random(5, 1, 3);
        var test = Random(2, 2, 3);
        KwsDataset.Save(dir.Path, ["a", "b", "c"], train, test);
        using var data = KwsDataset.Load(dir.Path);
        Assert.Equal(["a", "b", "c"], data.ClassNames);
        Assert.Equal(new long[] { 5, 1, KwsFeatures.Frames, KwsFeatures.MelBins }, data.Train.Images.shape);
        var values = data.Train.Images.data<float>().ToArray();
        for (int i = 0; i < values.Length; i++) Assert.Equal(train.Codes[i] / 32f, values[i]);
        Assert.Equal(train.Labels.Select(l => (long)l), data.Train.Labels.data<long>().ToArray());
        Assert.Equal(2, data.Test.Count);
    }

    [Fact]
    public void Load_LabelBeyondClassList_NamesTheFile()
    {
        using var dir = new TempDir();
        KwsDataset.Save(dir.Path, ["a", "b", "c"], Random(4, 1, 3), Random(2, 2, 3));
        File.WriteAllLines(Path.Combine(dir.Path, KwsDataset.ClassesFile), ["a", "b"]);
        var e = Assert.Throws<LingerException>(() => KwsDataset.Load(dir.Path));
        Assert.Contains("labels", e.Message);
    }

    [Fact]
    public void Load_MissingDirectory_Throws()
        => Assert.Throws<LingerException>(() => KwsDataset.Load("/nonexistent/kws"));

    [Fact]
    public void Bundled_IsFoundAndHas12ClassesAndHeldOutTestSet()
    {
        var dir = KwsDataset.FindBundled();
        Assert.NotNull(dir);
        Assert.Equal(KwsVocabulary.ClassNames, KwsDataset.ReadClasses(dir!));
        var test = KwsDataset.ReadSplit(dir!, KwsDataset.TestFeaturesFile, KwsDataset.TestLabelsFile, 12);
        Assert.True(test.Count >= 12 * 10);
        Assert.All(test.Codes, c => Assert.InRange((int)c, -127, 127));
    }

    [Theory]
    [InlineData("dscnn")]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void ModelFactory_EveryAvailableModel_MapsFeaturesToLogits(string name)
    {
        Assert.Contains(name, KwsModelFactory.Available);
        torch.random.manual_seed(0);
        using var model = KwsModelFactory.Create(name, 12, 8);
        using var x = torch.randn(2, 1, KwsFeatures.Frames, KwsFeatures.MelBins);
        using var y = model.call(x);
        Assert.Equal(new long[] { 2, 12 }, y.shape);
    }

    [Fact]
    public void ModelFactory_UnknownName_FailsListingTheModels()
    {
        var unknown = Assert.Throws<LingerException>(() => KwsModelFactory.Create("transformer", 12, 16));
        Assert.Contains("unknown model", unknown.Message);
        Assert.Contains("gru", unknown.Message);
        Assert.Contains("lstm", unknown.Message);
    }

    [Fact]
    public void ModelFactory_Defaults_RecurrentModelsTrainLongerAndWiderThanDsCnn()
    {
        Assert.Equal(KwsOptions.DefaultEpochs, KwsModelFactory.DefaultEpochs("dscnn"));
        Assert.Equal(new KwsOptions().Width, KwsModelFactory.DefaultWidth("dscnn"));
        Assert.Equal(30, KwsModelFactory.DefaultEpochs("GRU"));
        Assert.Equal(96, KwsModelFactory.DefaultWidth("lstm"));
    }
}
