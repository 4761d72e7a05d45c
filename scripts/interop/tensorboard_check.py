"""Loads a log directory with TensorBoard's own reader (EventAccumulator) and prints, as JSON,
every scalar tag with its steps and values, and the histogram and tensor tags.

Usage: tensorboard_check.py LOGDIR
"""
import json, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

acc = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0, "histograms": 0, "tensors": 0})
acc.Reload()
tags = acc.Tags()
out = {"scalars": {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags["scalars"]},
       "histograms": {t: [e.step for e in acc.Histograms(t)] for t in tags["histograms"]},
       "tensors": tags["tensors"]}
print(json.dumps(out))
