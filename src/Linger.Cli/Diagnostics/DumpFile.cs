namespace LingerNet.Cli.Diagnostics;

/// <summary>
/// One tensor file of a dump folder: <c>&lt;name&gt;##_&lt;d0&gt;_&lt;d1&gt;….txt</c> (thinker, Linger.NET) or
/// <c>&lt;name&gt;##_int_dump.txt</c> (linger's OnnxRunner). Tensors are matched across dumps by <see cref="Name"/>,
/// the part before <c>##</c> (thinker-spec §1.3).
/// </summary>
/// <param name="Name">The tensor name as written (thinker replaces <c>/</c> by <c>_</c>).</param>
/// <param name="Path">The file.</param>
/// <param name="Shape">The dimensions encoded after <c>##</c>, or null when the file name carries none.</param>
internal sealed record DumpFile(string Name, string Path, int[]? Shape);
