using LingerNet.Data;
using LingerNet.Samples;
using LingerNet.Training;
using TorchSharp;
using Xunit;

namespace LingerNet.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void TrainEpoch_LearnableTask_LossFallsAndAccuracyRises()
    {
        torch.random.manual_seed(1);
        // Class c images are constant c/9: trivially separable.
        var y = torch.arange(200L) % 10;
        var x = (y.to_type(torch.ScalarType.Float32) / 9).reshape(200, 1, 1, 1).expand(200, 1, 28, 28).contiguous();
        using var data = new ImageDataset(x, y, "toy");
        using var model = new QuickstartNet(width: 4);
        double before = Trainer.Evaluate(model, data);
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.01, BatchSize = 20, Seed = 3 });
        var first = trainer.TrainEpoch(data, 0);
        EpochSummary last = first;
        for (int e = 1; e < 12; e++) last = trainer.TrainEpoch(data, e);
        double after = Trainer.Evaluate(model, data);
        Assert.True(last.MeanLoss < first.MeanLoss, $"loss {first.MeanLoss} -> {last.MeanLoss}");
        Assert.True(after > before && after > 0.5, $"accuracy {before} -> {after}");
        Assert.True(model.training, "Evaluate restores train mode");
    }

    [Fact]
    public void TrainEpoch_SameSeed_SameWeights()
    {
        float Run()
        {
            torch.random.manual_seed(7);
            var y = torch.arange(64L) % 10;
            var x = torch.rand(64, 1, 28, 28);
            using var data = new ImageDataset(x, y, "rand");
            using var model = new QuickstartNet(width: 2);
            using var trainer = new Trainer(model, new TrainerOptions { BatchSize = 16, Seed = 1 });
            trainer.TrainEpoch(data, 0);
            return model.parameters().Sum(p => p.abs().sum().item<float>());
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void TrainEpoch_ReportsEveryStep()
    {
        var y = torch.arange(30L) % 10;
        using var data = new ImageDataset(torch.rand(30, 1, 28, 28), y, "r");
        using var model = new QuickstartNet(width: 2);
        using var trainer = new Trainer(model, new TrainerOptions { BatchSize = 8 });
        var steps = new List<TrainingProgress>();
        trainer.TrainEpoch(data, 4, steps.Add);
        Assert.Equal(4, trainer.StepsPerEpoch(data));
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(4, s.Epoch));
    }
}
