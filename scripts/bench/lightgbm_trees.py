"""The LightGBM twin of `est-bench trees`: 28 numeric columns, max_bin 32, 50 trees of depth 6,
learning rate 0.1, 2 threads, data in memory; times Dataset construction (binning) and training.

Usage: lightgbm_trees.py TRAIN_CSV [TREES]
"""
import json, sys, time
import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

path = sys.argv[1]
trees = int(sys.argv[2]) if len(sys.argv) > 2 else 50
names = [f"f{i:02d}" for i in range(28)]
df = pd.read_csv(path, usecols=names + ["label"])
X, y = df[names].to_numpy(np.float32), df["label"].to_numpy()
t = time.perf_counter()
ds = lgb.Dataset(X, y, params={"max_bin": 32, "verbose": -1})
booster = lgb.train({"objective": "binary", "max_depth": 6, "num_leaves": 64, "learning_rate": 0.1, "num_threads": 2, "verbose": -1,
                     "max_bin": 32}, ds, num_boost_round=trees)
dt = time.perf_counter() - t
print(json.dumps({"workload": "trees", "framework": f"lightgbm {lgb.__version__}", "trees": trees, "seconds": dt,
                  "train_auc": roc_auc_score(y, booster.predict(X))}))
