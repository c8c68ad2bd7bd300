using BenchmarkDotNet.Running;

LingerNet.Platform.NativeTuning.Apply(); // before the first tensor (training benchmarks)
if (args.Length > 0 && args[0] == "--quick")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    LingerNet.Benchmarks.QuickTimings.Run(Arg(1, 10), Arg(2, 1), Arg(3, 6));
    return;
}
if (args.Length > 0 && args[0] == "--quick-recurrent")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    LingerNet.Benchmarks.QuickRecurrentTimings.Run(Arg(1, 20), Arg(2, 5));
    return;
}
if (args.Length > 0 && args[0] == "--quick-runtime")
{
    LingerNet.Benchmarks.QuickRuntimeTimings.Run();
    return;
}
if (args.Length > 0 && args[0] == "--quick-kernels")
{
    LingerNet.Benchmarks.QuickKernelTimings.Run(args.Length > 1 ? args[1] : null);
    return;
}
if (args.Length == 3 && args[0] == "--spin-kernel")
{
    // One kernel in a loop for a while, for an external sampling profiler (perf record).
    LingerNet.Benchmarks.QuickKernelTimings.Spin(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
if (args.Length == 2 && args[0] == "--export-quickstart")
{
    // The benchmarks' quickstart model as a file, e.g. for `linger bench`.
    File.Move(LingerNet.Benchmarks.QuickstartModel.ExportQuantized(), args[1], overwrite: true);
    return;
}
// In process (added unless given): TorchSharp's native libraries and the allocator tuning above belong to
// this process, and a generated benchmark project would rebuild the solution on a small machine.
if (!args.Contains("--inProcess")) args = [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(LingerNet.Benchmarks.KernelBenchmarks).Assembly).Run(args);
