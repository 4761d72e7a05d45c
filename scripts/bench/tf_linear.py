"""The TensorFlow 2.15 twins of `est-bench linear` and `est-bench wide` (same venv as tf_dnn.py).

Usage: tf_linear.py TRAIN_CSV linear|wide [STEPS]
"""
import json, os, sys, tempfile, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf

path, which = sys.argv[1], sys.argv[2]
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
names = [f"f{i:02d}" for i in range(28)]
fc = tf.feature_column
numeric = [fc.numeric_column(n, default_value=0.0) for n in names]
detector = fc.categorical_column_with_vocabulary_list("detector", ["A", "B", "C", "D"])
period = fc.categorical_column_with_vocabulary_list("run_period", [f"r{i:02d}" for i in range(24)])
linear = numeric + [detector, period, fc.categorical_column_with_hash_bucket("trigger", 1000),
                    fc.crossed_column([detector, period], 1000)]

def input_fn():
    return tf.data.experimental.make_csv_dataset(
        path, batch_size=256, label_name="label", select_columns=names + ["detector", "run_period", "trigger", "label"],
        column_defaults=[0.0] * 28 + ["", "", "", 0], shuffle=True, shuffle_buffer_size=10000, num_epochs=None)

config = tf.estimator.RunConfig(save_checkpoints_steps=10**9, save_summary_steps=100, log_step_count_steps=100)
if which == "linear":
    est = tf.estimator.LinearClassifier(feature_columns=linear, model_dir=tempfile.mkdtemp(), config=config)
else:
    est = tf.estimator.DNNLinearCombinedClassifier(
        linear_feature_columns=linear, dnn_feature_columns=numeric, dnn_hidden_units=[128, 64], model_dir=tempfile.mkdtemp(),
        dnn_optimizer=lambda: tf.keras.optimizers.legacy.Adagrad(learning_rate=0.05), config=config)
est.train(input_fn, steps=50)
t = time.perf_counter()
est.train(input_fn, steps=steps)
dt = time.perf_counter() - t
print(json.dumps({"workload": which, "framework": "tensorflow 2.15.1 Estimator", "steps": steps, "batch": 256,
                  "examples_per_sec": steps * 256 / dt, "seconds": dt}))
