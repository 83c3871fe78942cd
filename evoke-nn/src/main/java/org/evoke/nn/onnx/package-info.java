/**
 * ONNX export of a {@link org.evoke.nn.Model}: the inference graph (Conv, Relu, Selu, Flatten, Gemm; dropout
 * omitted) with the trained weights as initialisers, built with ONNX's generated protobuf classes (package
 * {@code onnx}, shipped in nd4j-api), for ONNX Runtime, Unity Sentis and the browser runtimes.
 */
package org.evoke.nn.onnx;
