namespace LingerNet;

/// <summary>
/// The one exception type Linger.NET throws for bad input: a malformed model file, an unsupported
/// layer configuration, a checkpoint that does not match, a wrong input shape. The message says what
/// is wrong and where (module name, node name, file path) and, where there is one, the fix.
/// </summary>
public class LingerException : Exception
{
    /// <summary>Creates an exception with a message that says what is wrong and where.</summary>
    public LingerException(string message) : base(message) { }

    /// <summary>Creates an exception that wraps the lower-level cause.</summary>
    public LingerException(string message, Exception inner) : base(message, inner) { }
}
