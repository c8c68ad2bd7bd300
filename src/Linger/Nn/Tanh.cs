namespace LingerNet.Nn;

/// <summary>Tanh: float until Init, then iqTanh (<c>thinker::Requant</c> + <c>thinker::iqTanh</c>, Q7 output); see <see cref="TableActivation"/>.</summary>
public sealed class Tanh : TableActivation
{
    /// <summary>Creates the op.</summary>
    public Tanh(string name = "tanh") : base(name, sigmoid: false) { }
}
