#include "PatientSplit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

namespace pulmo::inference {

const char* toString(DataSplit split)
{
    switch (split) {
        case DataSplit::Train:
            return "train";
        case DataSplit::Validation:
            return "val";
        case DataSplit::Test:
            return "test";
        case DataSplit::Unassigned:
            break;
    }
    return "unassigned";
}

std::vector<DataSplit> splitByPatient(const std::vector<TrainingSample>& samples, const std::string& positiveLabel,
                                      double validationShare, double testShare, uint64_t seed)
{
    if (!(validationShare >= 0.0 && testShare >= 0.0 && validationShare + testShare < 1.0))
        throw std::invalid_argument("validation and test shares must be >= 0 and leave some data for training");
    std::vector<DataSplit> splits(samples.size(), DataSplit::Unassigned);
    const bool anyGiven = std::any_of(samples.begin(), samples.end(), [](const TrainingSample& sample) {
        return sample.split != DataSplit::Unassigned;
    });
    if (anyGiven) {
        for (size_t i = 0; i < samples.size(); ++i)
            splits[i] = samples[i].split == DataSplit::Unassigned ? DataSplit::Train : samples[i].split;
        return splits;
    }

    // Patients in sorted order (std::map), so that the input order of the files does not matter.
    std::map<std::string, bool> patientIsPositive;
    for (const TrainingSample& sample : samples) {
        if (sample.patientId.empty()) throw std::invalid_argument(sample.source + ": no patient id");
        bool& positive = patientIsPositive[sample.patientId];
        positive = positive || sample.label == positiveLabel;
    }
    std::vector<std::string> strata[2];
    for (const auto& [patient, positive] : patientIsPositive) strata[positive ? 1 : 0].push_back(patient);

    std::map<std::string, DataSplit> patientSplit;
    std::mt19937_64 random(seed);
    for (std::vector<std::string>& patients : strata) {
        // Fisher-Yates on the engine's raw output: std::shuffle's use of the engine is not
        // specified, and the split must not change with the standard library.
        for (size_t i = patients.size(); i > 1; --i) std::swap(patients[i - 1], patients[size_t(random() % i)]);
        const size_t count = patients.size();
        size_t validation = size_t(std::lround(validationShare * double(count)));
        size_t test = size_t(std::lround(testShare * double(count)));
        while (count > 0 && validation + test >= count) {  // keep at least one patient for training
            if (test >= validation && test > 0)
                --test;
            else
                --validation;
        }
        for (size_t i = 0; i < count; ++i)
            patientSplit[patients[i]] = i < validation          ? DataSplit::Validation
                                        : i < validation + test ? DataSplit::Test
                                                                : DataSplit::Train;
    }
    for (size_t i = 0; i < samples.size(); ++i) splits[i] = patientSplit.at(samples[i].patientId);
    return splits;
}

}  // namespace pulmo::inference
