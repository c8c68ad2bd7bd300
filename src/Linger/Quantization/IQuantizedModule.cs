namespace LingerNet.Quantization;

/// <summary>Marks a module created by <see cref="LingerNet.Linger.Init"/> (or switched to integer mode by it).</summary>
public interface IQuantizedModule
{
}
