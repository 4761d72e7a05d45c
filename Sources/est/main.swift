print("est")
