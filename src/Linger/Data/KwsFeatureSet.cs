using LingerNet.Speech;

namespace LingerNet.Data;

/// <summary>
/// One split of a keyword-spotting feature set as plain arrays: int8 feature codes
/// (<see cref="KwsFeatures"/>; <c>[N, 98, 40]</c> row-major) and class indices.
/// </summary>
/// <param name="Codes">Feature codes of all clips, <see cref="KwsFeatures.ValuesPerClip"/> per clip.</param>
/// <param name="Labels">Class index of each clip.</param>
public sealed record KwsFeatureSet(sbyte[] Codes, byte[] Labels)
{
    /// <summary>The number of clips.</summary>
    public int Count => Labels.Length;
}
