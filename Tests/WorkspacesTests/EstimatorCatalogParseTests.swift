import Estimators
import Testing
@testable import Workspaces

/// Values typed in the Model screen's form: TOML or friendly forms accepted, bad ones refused with the reason.
@Suite struct EstimatorCatalogParseTests {
    static let dnn = EstimatorCatalog.entry(for: .dnnClassifier)
    static let trees = EstimatorCatalog.entry(for: .boostedTreesRegressor)
    static func field(_ key: String, _ e: EstimatorCatalog.Entry = dnn) -> HyperParameter { e.field(key)! }

    static func reason(_ key: String, _ text: String, _ e: EstimatorCatalog.Entry = dnn) -> String? {
        do { _ = try field(key, e).parse(text); return nil } catch { return error.reason }
    }

    @Test func listsInTOMLOrCommaSeparated() throws {
        let h = Self.field("hidden_units")
        for text in ["64, 32", "[64, 32]", "64,32", "64 32", " [64,32,] "] {
            #expect(try h.parse(text) == .array([.int(64), .int(32)]), "\(text)")
        }
        #expect(try Self.field("label_vocabulary").parse("a, \"b\", c") == .array([.string("a"), .string("b"), .string("c")]))
    }

    @Test func badListsAreRefusedWithTheReason() {
        #expect(Self.reason("hidden_units", "")?.contains("at least one value") == true)
        #expect(Self.reason("hidden_units", "[]")?.contains("at least one value") == true)
        #expect(Self.reason("hidden_units", "64, 0")?.contains("≥ 1, got 0") == true)
        #expect(Self.reason("hidden_units", "64, x")?.contains("'x' is not an integer") == true)
        #expect(Self.reason("hidden_units", "64,,32") != nil)
        #expect(Self.reason("label_vocabulary", "a")?.contains("at least 2") == true)
        #expect(Self.reason("label_vocabulary", "a, a")?.contains("distinct") == true)
    }

    @Test func numbersChecksTypeAndRange() throws {
        #expect(try Self.field("learning_rate").parse("0.01") == .float(0.01))
        #expect(try Self.field("learning_rate").parse("1") == .float(1))
        #expect(try Self.field("learning_rate").parse("1e-3") == .float(0.001))
        #expect(Self.reason("learning_rate", "-1") == "must be > 0, got -1")
        #expect(Self.reason("learning_rate", "0")?.contains("> 0") == true)
        #expect(Self.reason("learning_rate", "fast") == "'fast' is not a number")
        #expect(Self.reason("learning_rate", "inf")?.contains("finite") == true)
        #expect(Self.reason("learning_rate", "")?.contains("empty") == true)
        #expect(Self.reason("dropout", "1") == "must be [0, 1), got 1")
        #expect(try Self.field("dropout").parse("0") == .float(0))
        #expect(Self.reason("max_depth", "13", Self.trees) == "must be 1…12, got 13")
        #expect(Self.reason("n_trees", "2.5", Self.trees) == "'2.5' is not an integer")
        #expect(try Self.field("n_trees", Self.trees).parse("1_000") == .int(1000))
        #expect(Self.reason("quantile_sketch_epsilon", "0.001", Self.trees) != nil)
        #expect(Self.reason("n_classes", "1")?.contains("≥ 2") == true)
    }

    @Test func choicesMatchCaseInsensitivelyAndListTheChoices() throws {
        #expect(try Self.field("optimizer").parse("adam") == .string("Adam"))
        #expect(try Self.field("optimizer").parse("\"RMSPROP\"") == .string("RMSProp"))
        let why = Self.reason("optimizer", "Adamm")
        #expect(why?.contains("unknown optimizer 'Adamm' (did you mean 'Adam'?)") == true)
        #expect(why?.contains("one of: Adagrad, Adam, Ftrl, RMSProp, SGD") == true)
        #expect(try Self.field("batch_norm").parse("yes") == .bool(true))
        #expect(try Self.field("batch_norm").parse("false") == .bool(false))
        #expect(Self.reason("batch_norm", "maybe") != nil)
        #expect(try Self.field("weight_column").parse("\"w\"") == .string("w"))
    }

    @Test func hintsNameTypeRangeAndDefault() {
        #expect(Self.field("hidden_units").hint == "integers, comma-separated; each ≥ 1; default [10, 10]")
        #expect(Self.field("learning_rate").hint == "a number; > 0; default 0.05")
        #expect(Self.field("dropout").hint == "a number; [0, 1); default none")
    }
}
