#pragma once
// What the application and pulmo-ai-host (the inference plugin in its own process, RemoteBackend.h)
// say to each other over their socket: one CBOR map per message (RFC 8949, through nlohmann-json),
// each preceded by its length as 4 bytes, little-endian. Requests carry "op"; every reply carries "ok"
// and, when false, "error" (an InferenceError as kind name, arguments and English message). Pixels and
// float vectors travel as CBOR byte strings, bit for bit (both ends run on one machine).
//
//   host -> app, once, unasked: {ok, info} when the plugin loaded, else {ok: false, error}
//   {op: "load", path, device}          -> {ok, model: id, identity}
//   {op: "predict", model, images: [{width, height, pixels}], options}  -> {ok, predictions: [...]}
//   {op: "input", model, image}         -> {ok, input: floats}
//   {op: "unload", model}               -> (no reply)
//
// Qt-free and LibTorch-free, like the rest of inference/api.

#include "InferenceBackend.h"
#include "InferenceError.h"

#include <nlohmann/json.hpp>

#include <string>

namespace pulmo::inference::host {

using Message = nlohmann::json;

/// Writes one message; false when the peer is gone (never raises SIGPIPE).
bool send(int fd, const Message& message);
/// Reads one message; false at end of stream or on a broken one (`error` says which).
bool receive(int fd, Message& message, std::string* error = nullptr);

Message toMessage(const BackendInfo& info);
BackendInfo backendInfoFrom(const Message& message);
Message toMessage(const ModelIdentity& identity);
ModelIdentity identityFrom(const Message& message);
Message toMessage(const GrayImage& image);
GrayImage imageFrom(const Message& message);
Message toMessage(const PredictOptions& options);
PredictOptions optionsFrom(const Message& message);
Message toMessage(const Prediction& prediction);
Prediction predictionFrom(const Message& message);
Message floats(const std::vector<float>& values);
std::vector<float> floatsFrom(const Message& message);

/// {ok: false, error: {...}} for what was thrown.
Message failure(const std::exception& error);
/// The reply's error as it was thrown at the other end (an InferenceError with its kind).
InferenceError errorFrom(const Message& reply);

}  // namespace pulmo::inference::host
