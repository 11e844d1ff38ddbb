package io.vigil.detector;

/** The stages that are configured per camera. */
record CameraPipeline(MotionGate motionGate, ObjectFilter filter, Tracker tracker) {}
