"""JSON schemas for kubeconform from Kubernetes' own OpenAPI document, offline (deploy/k8s/validate.sh).

kubeconform looks up `<kind><-group-version>.json` (deployment-apps-v1.json, service-v1.json, ...). Each file written
here holds every definition of the document (their $refs resolve inside the file), strict (an unknown field is
refused, as kubeconform -strict does with the published schemas), with IntOrString and Quantity accepting a string or
a number, as the API server does.
  python3 schemas.py SWAGGER_JSON OUT_DIR KIND...   (kinds as Deployment, Service, ...)
"""
import json
import os
import sys


def strict(node):
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for v in node.values():
            strict(v)
    elif isinstance(node, list):
        for v in node:
            strict(v)


def main(swagger, out, kinds):
    with open(swagger) as f:
        definitions = json.load(f)["definitions"]
    strict(definitions)
    definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = {"oneOf": [{"type": "string"},
                                                                               {"type": "integer"}]}
    definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = {"oneOf": [{"type": "string"},
                                                                            {"type": "number"}]}
    os.makedirs(out, exist_ok=True)
    written = []
    for name, d in definitions.items():
        for gvk in d.get("x-kubernetes-group-version-kind", []):
            if gvk["kind"] not in kinds or name.startswith("io.k8s.apimachinery"):
                continue
            group = gvk["group"].split(".")[0]
            suffix = (f"-{group}" if group else "") + f"-{gvk['version']}"
            path = os.path.join(out, f"{gvk['kind'].lower()}{suffix}.json")
            with open(path, "w") as f:
                json.dump({"$schema": "http://json-schema.org/schema#", "definitions": definitions,
                           "$ref": f"#/definitions/{name}"}, f)
            written.append(os.path.basename(path))
    print("schemas:", " ".join(sorted(written)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], set(sys.argv[3:]))
