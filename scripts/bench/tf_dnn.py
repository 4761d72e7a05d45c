"""The TensorFlow 2.15 twin of `est-bench dnn` (run in a venv with tensorflow-cpu==2.15.1,
tensorflow-estimator==2.15.0, numpy<2): DNNClassifier [128, 64] on f00..f27, Adagrad 0.05,
batch 256, make_csv_dataset from the same train.csv. Prints one JSON line.

Usage: tf_dnn.py TRAIN_CSV [STEPS]
"""
import json, os, sys, tempfile, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf

path = sys.argv[1]
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 300
names = [f"f{i:02d}" for i in range(28)]

def input_fn():
    ds = tf.data.experimental.make_csv_dataset(
        path, batch_size=256, label_name="label", select_columns=names + ["label"],
        column_defaults=[0.0] * 28 + [0], shuffle=True, shuffle_buffer_size=10000, num_epochs=None)
    return ds

cols = [tf.feature_column.numeric_column(n, default_value=0.0) for n in names]
est = tf.estimator.DNNClassifier(
    hidden_units=[128, 64], feature_columns=cols, model_dir=tempfile.mkdtemp(),
    optimizer=lambda: tf.keras.optimizers.legacy.Adagrad(learning_rate=0.05),
    config=tf.estimator.RunConfig(save_checkpoints_steps=10**9, save_summary_steps=100, log_step_count_steps=100))
est.train(input_fn, steps=50)  # warm-up: graph building and the first checkpoint
t = time.perf_counter()
est.train(input_fn, steps=steps)
dt = time.perf_counter() - t
print(json.dumps({"workload": "dnn", "framework": "tensorflow 2.15.1 Estimator", "steps": steps, "batch": 256,
                  "examples_per_sec": steps * 256 / dt, "seconds": dt}))
