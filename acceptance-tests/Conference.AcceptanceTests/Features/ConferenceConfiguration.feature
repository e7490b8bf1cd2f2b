@management
Feature: Conference configuration
  In order to create or update a conference's configuration
  As a business customer
  I want to create a conference, find it again with my email address and access code, edit its
  settings and publish it

  Scenario: A new conference is created and its access code is shown and emailed
    When a business customer creates the conference "CQRS summit 2012" with slug "cqrs2012"
    Then the access code is shown and emailed to the owner
    And the conference is not published

  Scenario: A conference is located with the owner's email address and access code
    Given a business customer has created the conference "CQRS summit 2012" with slug "cqrs2012"
    And the business customer has signed out
    When the business customer locates the conference "CQRS summit 2012" with the email and access code
    Then the conference "CQRS summit 2012" is shown

  Scenario: A wrong access code does not open the conference
    Given a business customer has created the conference "CQRS summit 2012" with slug "cqrs2012"
    And the business customer has signed out
    When the business customer locates the conference "CQRS summit 2012" with a wrong access code
    Then the business customer is told that no conference matches

  Scenario: An existing conference is edited and updated
    Given a business customer has created the conference "CQRS summit 2012" with slug "cqrs2012u"
    When the business customer changes the description to "CQRS summit 2012 conference (Updated)"
    And the business customer changes the location to "Seattle, WA"
    Then the conference's description reads "CQRS summit 2012 conference (Updated)"
    And the conference's location reads "Seattle, WA"

  Scenario: An existing unpublished conference is published, then unpublished
    Given a business customer has created the conference "CQRS summit 2012" with slug "cqrs2012p"
    When the business customer publishes the conference
    Then the conference is published
    When the business customer unpublishes the conference
    Then the conference is not published

  Scenario: A conference cannot end before it starts
    When the business customer tries to create the conference "Backwards summit" from "2027-05-12" to "2027-05-02"
    Then the form says "The end date cannot be before the start date."

  Scenario: A conference is published with its seat types in one go
    Given a business customer has published the conference "CQRS summit 2012" with slug "cqrs2012s" and these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
      | CQRS Workshop     | 500   | 20    |
    Then the conference is published
    And the seat type "CQRS Workshop" has a quota of 20
