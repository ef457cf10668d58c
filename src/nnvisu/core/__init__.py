"""The training core: the settings table, limits, optimizers, the trainer, the work model and
the network as a torch module. Imports nothing of the layers above."""
