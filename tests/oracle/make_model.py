#!/usr/bin/python3
"""Makes the real models the inference tests load: torchvision's resnet18 with fixed random
weights (no download), saved as TorchScript or as a state_dict, with an optional model card.

usage: make_model.py OUT KIND [--seed S] [--card JSON]
KIND: linear (resnet18, 2 classes), mlp (fc = Linear-ReLU-Linear), three_class, fixed_bias
(fc weight 0, bias [0, ln 3]: probabilities 0.25 / 0.75 whatever the image), tiny_cnn (not a
resnet), state_dict (plain dict), ordered_state_dict (collections.OrderedDict, as torch.save
writes model.state_dict()).
"""
import argparse
import json
import math
import os

import torch
import torchvision


def build(kind):
    if kind == "three_class":
        return torchvision.models.resnet18(weights=None, num_classes=3)
    model = torchvision.models.resnet18(weights=None, num_classes=2)
    if kind == "mlp":
        model.fc = torch.nn.Sequential(torch.nn.Linear(512, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2))
    if kind == "fixed_bias":
        with torch.no_grad():
            model.fc.weight.zero_()
            model.fc.bias.copy_(torch.tensor([0.0, math.log(3.0)]))
    return model


def randomise_batchnorm(model, generator):
    # Fresh BatchNorm statistics are 0/1, which makes every layer nearly an identity map; give
    # them plausible values so that the tests see a network that does something.
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.copy_(torch.randn(module.num_features, generator=generator) * 0.1)
                module.running_var.copy_(torch.rand(module.num_features, generator=generator) * 0.5 + 0.75)
                module.weight.copy_(torch.rand(module.num_features, generator=generator) * 0.5 + 0.75)
                module.bias.copy_(torch.randn(module.num_features, generator=generator) * 0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--card", default=None)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    if args.kind == "tiny_cnn":
        model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
                                    torch.nn.Linear(4, 2)).eval()
        torch.jit.script(model).save(args.out)
    else:
        kind = "linear" if args.kind in ("state_dict", "ordered_state_dict") else args.kind
        model = build(kind)
        randomise_batchnorm(model, generator)
        if args.kind == "fixed_bias":
            with torch.no_grad():
                model.fc.weight.zero_()
        model.eval()
        if args.kind == "state_dict":
            torch.save(dict(model.state_dict()), args.out)
        elif args.kind == "ordered_state_dict":
            torch.save(model.state_dict(), args.out)
        else:
            torch.jit.script(model).save(args.out)
    if args.card is not None:
        with open(os.path.splitext(args.out)[0] + ".json", "w") as handle:
            json.dump(json.loads(args.card), handle)


if __name__ == "__main__":
    main()
