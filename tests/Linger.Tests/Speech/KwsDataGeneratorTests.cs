using LingerNet.Speech;
using Xunit;

namespace LingerNet.Tests.Speech;

public class KwsDataGeneratorTests
{
    private static KwsDataOptions Options(int seed) => new() { OutputDirectory = "unused", Seed = seed, PerClass = 8, TestPerClass = 3 };

    [Fact]
    public void Plan_SameSeed_SameClips()
        => Assert.Equal(KwsDataGenerator.Plan(Options(5)), KwsDataGenerator.Plan(Options(5)));

    [Fact]
    public void Plan_OtherSeed_OtherClips()
        => Assert.NotEqual(KwsDataGenerator.Plan(Options(5)), KwsDataGenerator.Plan(Options(6)));

    [Fact]
    public void Plan_TestSplitUsesOnlyHeldOutVoiceVariants()
    {
        var plan = KwsDataGenerator.Plan(Options(1));
        string Variant(KwsClipSpec s) => s.Voice[(s.Voice.IndexOf('+', StringComparison.Ordinal) + 1)..];
        Assert.All(plan.Where(s => s.Split == "train"), s => Assert.Contains(Variant(s), KwsVocabulary.TrainVariants));
        Assert.All(plan.Where(s => s.Split == "test"), s => Assert.Contains(Variant(s), KwsVocabulary.TestVariants));
        Assert.Empty(KwsVocabulary.TrainVariants.Intersect(KwsVocabulary.TestVariants));
    }

    [Fact]
    public void Plan_CountsAndWordsPerClass()
    {
        var plan = KwsDataGenerator.Plan(Options(2));
        int classes = KwsVocabulary.ClassNames.Count;
        Assert.Equal(classes * (8 + 3), plan.Count);
        foreach (var s in plan)
        {
            string name = KwsVocabulary.ClassNames[s.Label];
            if (name == KwsVocabulary.SilenceClass) Assert.Null(s.Word);
            else if (name == KwsVocabulary.UnknownClass) Assert.Contains(s.Word, KwsVocabulary.UnknownWords);
            else Assert.Equal(name, s.Word);
        }
        Assert.Empty(KwsVocabulary.UnknownWords.Intersect(KwsVocabulary.Keywords));
    }

    [Fact]
    public void ClassNames_KeywordsThenUnknownThenSilence()
    {
        Assert.True(KwsVocabulary.Keywords.Count >= 10);
        Assert.Equal(KwsVocabulary.Keywords, KwsVocabulary.ClassNames.Take(KwsVocabulary.Keywords.Count));
        Assert.Equal([KwsVocabulary.UnknownClass, KwsVocabulary.SilenceClass], KwsVocabulary.ClassNames.Skip(KwsVocabulary.Keywords.Count));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Generate_WithTools_IsReproducible()
    {
        // Needs the Debian packages espeak-ng and sox; without them there is nothing to run (xunit 2 has no runtime
        // skip), and the Plan tests above still cover the determinism of every random choice.
        if (ExternalTool.FindOnPath("espeak-ng") is null || ExternalTool.FindOnPath("sox") is null) return;
        using var a = new Data.TempDir();
        using var b = new Data.TempDir();
        var o = new KwsDataOptions { OutputDirectory = a.Path, Seed = 3, PerClass = 1, TestPerClass = 1, KeepWavs = false };
        KwsDataGenerator.Generate(o);
        KwsDataGenerator.Generate(new KwsDataOptions { OutputDirectory = b.Path, Seed = 3, PerClass = 1, TestPerClass = 1, KeepWavs = false, Parallelism = 1 });
        var fa = Data.KwsDatasetTestsHelper.ReadCodes(a.Path);
        var fb = Data.KwsDatasetTestsHelper.ReadCodes(b.Path);
        Assert.Equal(fa, fb);
    }

    [Fact]
    public void CheckTools_Missing_SaysHowToInstallAndInstallsNothing()
    {
        var e = Assert.Throws<LingerException>(() => KwsDataGenerator.CheckTools(_ => null));
        Assert.Contains("espeak-ng and sox are not installed", e.Message);
        Assert.Contains("apt-get install espeak-ng sox", e.Message);
        var one = Assert.Throws<LingerException>(() => KwsDataGenerator.CheckTools(t => t == "sox" ? null : "/usr/bin/" + t));
        Assert.Contains("sox is not installed", one.Message);
    }

    [Fact]
    public void ExternalTool_FailingCommand_ThrowsWithExitCode()
    {
        var e = Assert.Throws<LingerException>(() => ExternalTool.Run("/bin/sh", ["-c", "echo oops >&2; exit 3"], TimeSpan.FromSeconds(10)));
        Assert.Contains("exit code 3", e.Message);
        Assert.Contains("oops", e.Message);
    }

    [Fact]
    public void ExternalTool_TooSlow_IsStoppedAndSaysSo()
    {
        var e = Assert.Throws<LingerException>(() => ExternalTool.Run("/bin/sleep", ["30"], TimeSpan.FromMilliseconds(300)));
        Assert.Contains("did not finish", e.Message);
    }
}
