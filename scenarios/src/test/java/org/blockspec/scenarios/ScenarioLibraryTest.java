package org.blockspec.scenarios;

import org.blockspec.dsl.junit.Scenarios;

/**
 * The scenario library under library/, run by the blockspec JUnit engine: one test per
 * scenario and variant. This class only anchors them for Maven Surefire.
 */
@Scenarios("library")
class ScenarioLibraryTest {
}
