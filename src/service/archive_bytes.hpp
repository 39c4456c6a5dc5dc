#pragma once
// The one wire format of the service layer: a message is a Boost binary archive without its header
// (every rank runs the same binary, so the header's version checks carry nothing). Private to
// src/service/: the message types' serialize() overloads live beside the code that sends them.

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <sstream>
#include <string>

namespace hypershap::wire {

template <class T>
std::string to_bytes(const T& value) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out, boost::archive::no_header);
    archive << value;
  }
  return out.str();
}

template <class T>
T from_bytes(const std::string& payload) {
  std::istringstream in(payload, std::ios::binary);
  boost::archive::binary_iarchive archive(in, boost::archive::no_header);
  T value;
  archive >> value;
  return value;
}

}  // namespace hypershap::wire
