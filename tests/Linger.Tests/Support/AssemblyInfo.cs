// Tests seed TorchSharp's global generator (torch.random.manual_seed) and assert on what it produces;
// test classes running in parallel would draw from the same generator in between. Run them one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
