using System.Runtime.CompilerServices;

namespace LingerNet.Tests.Support;

internal static class TestSetup
{
    // Entry point of the test assembly: tune the allocator before the first tensor (torchsharp-notes §0.3).
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init() => LingerNet.Platform.NativeTuning.Apply();
#pragma warning restore CA2255
}
