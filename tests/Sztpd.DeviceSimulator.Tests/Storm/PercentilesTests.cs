using Sztpd.DeviceSimulator.Storm;

namespace Sztpd.DeviceSimulator.Tests.Storm;

public sealed class PercentilesTests
{
    [Fact]
    public void Percentiles_AreNearestRank()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(5, Percentiles.Of(sorted, 50));
        Assert.Equal(10, Percentiles.Of(sorted, 99));
        Assert.Equal(1, Percentiles.Of(sorted, 1));
        Assert.Equal(0, Percentiles.Of([], 50));
    }
}
