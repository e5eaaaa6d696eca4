#include "TagDataset.h"

#include "dataset/CocoDataset.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace refpose::training {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\"");
    const auto e = s.find_last_not_of(" \t\r\"");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

std::vector<std::size_t> TagDataset::positives() const {
    std::vector<std::size_t> n(tags.size(), 0);
    for (const auto& row : labels)
        for (std::size_t t = 0; t < row.size(); ++t) n[t] += row[t];
    return n;
}

TagDataset readTagCsv(const std::filesystem::path& csv, const std::filesystem::path& imageDir) {
    std::ifstream in(csv);
    if (!in) throw DatasetError(csv.string() + ": cannot open the tag file");
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    std::set<std::string> vocabulary;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (trim(line).empty()) continue;
        const auto comma = line.find(',');
        if (comma == std::string::npos)
            throw DatasetError(csv.string() + ":" + std::to_string(number) + ": expected \"image,tags\"");
        const std::string image = trim(line.substr(0, comma));
        if (number == 1 && image == "image") continue;  // header
        std::vector<std::string> tags;
        std::stringstream ss(line.substr(comma + 1));
        for (std::string tag; std::getline(ss, tag, ';');)
            if (!trim(tag).empty()) tags.push_back(trim(tag));
        vocabulary.insert(tags.begin(), tags.end());
        rows.emplace_back(image, tags);
    }
    if (rows.empty() || vocabulary.empty()) throw DatasetError(csv.string() + ": no tagged image");
    TagDataset d;
    d.tags.assign(vocabulary.begin(), vocabulary.end());
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < d.tags.size(); ++i) index[d.tags[i]] = i;
    for (const auto& [image, tags] : rows) {
        d.images.push_back(imageDir / image);
        std::vector<std::uint8_t> row(d.tags.size(), 0);
        for (const auto& t : tags) row[index.at(t)] = 1;
        d.labels.push_back(std::move(row));
    }
    return d;
}

}  // namespace refpose::training
