namespace LingerNet.Speech;

/// <summary>What <see cref="KwsDataGenerator.Generate"/> produced.</summary>
/// <param name="Directory">The output folder (full path).</param>
/// <param name="TrainClips">Clips in the training split.</param>
/// <param name="TestClips">Clips in the test split.</param>
/// <param name="EspeakVersion">The first line of <c>espeak-ng --version</c>.</param>
/// <param name="SoxVersion">The first line of <c>sox --version</c>.</param>
/// <param name="Seconds">Wall time of the generation.</param>
public sealed record KwsDataResult(string Directory, int TrainClips, int TestClips, string EspeakVersion, string SoxVersion, double Seconds);
