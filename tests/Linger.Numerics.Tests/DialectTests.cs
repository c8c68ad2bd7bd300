using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Numerics.Tests;

public class DialectTests
{
    [Fact]
    public void Constants_MatchLingerSpec()
    {
        Assert.Equal("thinker", ThinkerDialect.Domain);
        Assert.Equal(1, ThinkerDialect.DomainVersion);
        Assert.Equal(12, ThinkerDialect.OpsetVersion);
        Assert.Equal("iqAdd", OpTypes.IqAdd);
        Assert.Equal("iqCat", OpTypes.IqCat);
        Assert.Equal("Conv2dInt", OpTypes.Conv2dInt);
        Assert.Equal("scale_x_3", AttributeNames.ScaleXAt(3));
        Assert.Equal("luna_quant", AttributeValues.LunaQuant);
        Assert.Equal("Non_t710_mode", AttributeValues.NonT710Mode);
    }
}
