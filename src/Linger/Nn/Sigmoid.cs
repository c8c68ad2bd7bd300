namespace LingerNet.Nn;

/// <summary>Sigmoid: float until Init, then iqSigmoid (<c>thinker::Requant</c> + <c>thinker::iqSigmoid</c>, Q7 output in [0, 127]); see <see cref="TableActivation"/>.</summary>
public sealed class Sigmoid : TableActivation
{
    /// <summary>Creates the op.</summary>
    public Sigmoid(string name = "sigmoid") : base(name, sigmoid: true) { }
}
