"""scikit-learn reference models on a bundled workspace's train/eval split (for docs/results.md).

Usage: sklearn_baselines.py WORKSPACE_DIR LABEL TASK [EXCLUDE...]
TASK: classification | regression. Prints one JSON object: accuracy (or RMSE) per model family.
Preprocessing: numeric columns mean-imputed and standardised, text columns one-hot (missing as its own value).
"""
import json, sys
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ws, label, task, exclude = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4:])
train = pd.read_csv(f"{ws}/data/train.csv")
test = pd.read_csv(f"{ws}/data/eval.csv")
features = [c for c in train.columns if c != label and c not in exclude]
num = [c for c in features if train[c].dtype.kind in "if"]
cat = [c for c in features if c not in num]
pre = ColumnTransformer([("num", make_pipeline(SimpleImputer(), StandardScaler()), num),
                         ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), OneHotEncoder(handle_unknown="ignore")), cat)])
X, Xt, y, yt = train[features], test[features], train[label], test[label]
out = {}
if task == "classification":
    models = {"linear": LogisticRegression(max_iter=2000), "mlp": MLPClassifier(max_iter=2000, random_state=0),
              "trees": HistGradientBoostingClassifier(random_state=0)}
else:
    models = {"linear": Ridge(), "mlp": MLPRegressor(max_iter=4000, random_state=0), "trees": HistGradientBoostingRegressor(random_state=0)}
for name, m in models.items():
    p = make_pipeline(pre, m).fit(X, y).predict(Xt)
    out[name] = float((p == yt).mean()) if task == "classification" else float(np.sqrt(((p - yt) ** 2).mean()))
print(json.dumps(out))
