import Datasets
import FeatureColumns
import Foundation
import Testing
import Workspaces

/// The training files of a workspace: none is an error, several are one table.
@Suite struct TrainFilesTests {
    @Test func anEmptyTrainListIsAnErrorNotACrash() throws {
        let dir = try WorkspaceTests.workspace("name = \"t\"\n[data]\ntrain = []\nlabel = \"species\"\n")
        #expect { _ = try Workspace.load(dir) } throws: { "\($0)".contains("workspace.toml:3: error: [data] train is empty") }
    }

    /// Statistics, inferred vocabularies and quantile buckets come from every training file, not the first.
    @Test func statisticsAndBucketsComeFromEveryTrainingFile() throws {
        let dir = try WorkspaceTests.workspace("""
        name = "t"
        [data]
        train = ["data/a.csv", "data/b.csv"]
        label = "y"
        [[features]]
        key = "x"
        type = "bucketized"
        buckets = 2
        [[features]]
        key = "c"
        type = "vocabulary"
        """)
        try "x,c,y\n1,red,0\n2,red,1\n".write(toFile: dir + "/data/a.csv", atomically: true, encoding: .utf8)
        try "x,c,y\n10.5,blue,0\n11.5,green,1\n".write(toFile: dir + "/data/b.csv", atomically: true, encoding: .utf8)
        let w = try Workspace.load(dir)
        let (rows, stats) = try w.trainStatistics()
        #expect(rows == 4)
        let x = try #require(stats.first { $0.name == "x" })
        #expect(x.type == .float && x.max == 11.5 && x.mean == 6.25)
        #expect(Set(try #require(stats.first { $0.name == "c" }).top.map(\.value)) == ["red", "blue", "green"])
        let columns = try w.featureColumns(statistics: stats, forDNN: false)
        #expect(columns.map(\.name) == ["x_bucketized", "c"])
        // The median of 1, 2, 10.5, 11.5; the first file alone would give 2.
        #expect((columns[0] as? BucketizedColumn)?.boundaries == [10.5])
    }

    @Test func oneBucketIsAnErrorNotACrash() throws {
        let dir = try WorkspaceTests.workspace("name = \"t\"\n[data]\ntrain = \"data/train.csv\"\nlabel = \"species\"\n"
            + "[[features]]\nkey = \"sepal_length\"\ntype = \"bucketized\"\nbuckets = 1\n")
        let w = try Workspace.load(dir)
        #expect { _ = try w.featureColumns(statistics: try w.trainStatistics().columns) } throws: {
            "\($0)".contains("workspace.toml:8: error: 'buckets' must be an integer ≥ 2")
        }
    }

    @Test func trainingFilesWithDifferentHeadersAreAnError() throws {
        let dir = try WorkspaceTests.workspace("name = \"t\"\n[data]\ntrain = [\"data/a.csv\", \"data/b.csv\"]\nlabel = \"y\"\n")
        try "x,y\n1,0\n".write(toFile: dir + "/data/a.csv", atomically: true, encoding: .utf8)
        try "x,z,y\n1,2,0\n".write(toFile: dir + "/data/b.csv", atomically: true, encoding: .utf8)
        let w = try Workspace.load(dir)
        #expect { _ = try w.trainStatistics() } throws: { "\($0)".contains("b.csv:1") && "\($0)".contains("header differs") }
    }
}

/// Feature values that the feature-column constructors would trap on are workspace errors with their line.
@Suite struct FeatureValueTests {
    @Test(arguments: [
        ("key = \"species\"\ntype = \"vocabulary\"\nembedding_dimension = 0", "'embedding_dimension' of feature 'species' must be a positive integer", 8),
        ("key = \"species\"\ntype = \"vocabulary\"\nnum_oov_buckets = -1", "'num_oov_buckets' of feature 'species' must be ≥ 0", 8),
        ("key = \"species\"\ntype = \"vocabulary\"\nnum_oov_buckets = 2\ndefault_value = 0", "'default_value' of feature 'species' must be left out", 9),
        ("key = \"species\"\ntype = \"vocabulary\"\nvocabulary = []", "'vocabulary' of feature 'species' must be a non-empty array", 8),
        ("key = \"sepal_length\"\ntype = \"identity\"\nnum_buckets = 3\ndefault_value = 3", "'default_value' of feature 'sepal_length' must be in 0..<3", 9),
        ("key = \"x\"\ntype = \"crossed\"\nkeys = [\"a\", \"b\"]\nhash_bucket_size = 1", "'hash_bucket_size' of feature 'x' must be > 1", 9),
        ("key = \"sepal_length\"\ntype = \"bucketized\"\nboundaries = [2, 1]", "'boundaries' of feature 'sepal_length' must be a non-empty, strictly increasing", 8),
    ] as [(String, String, Int)])
    func badFeatureValuesAreErrorsNotCrashes(_ table: String, _ problem: String, _ line: Int) throws {
        let dir = try WorkspaceTests.workspace("name = \"t\"\n[data]\ntrain = \"data/train.csv\"\nlabel = \"species\"\n[[features]]\n" + table + "\n")
        let w = try Workspace.load(dir)
        #expect { _ = try w.featureColumns(statistics: try w.trainStatistics().columns) } throws: {
            "\($0)".contains("workspace.toml:\(line): error: \(problem)")
        }
    }
}
