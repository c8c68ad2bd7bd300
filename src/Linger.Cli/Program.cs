namespace LingerNet.Cli;

/// <summary>Entry point of the <c>linger</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        LingerNet.Platform.NativeTuning.Apply();
        var t = TorchSharp.torch.ones(3);
        Console.WriteLine($"linger: torch ok, sum = {t.sum().item<float>()}");
        return 0;
    }
}
